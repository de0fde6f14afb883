/**
 * A small client for Firefox's Remote Debugging Protocol (the one about:debugging and web-ext use).
 *
 * Why it is needed: WebDriver BiDi (what puppeteer speaks to Firefox) deliberately leaves out
 * extension contexts — navigating a tab to moz-extension:// is refused ("not allowed in this
 * context") and moz-extension documents are not exposed as browsing contexts (Mozilla bug 1755014).
 * The devtools server is how Firefox itself debugs add-ons: it lists installed add-ons (with the
 * add-on's internal moz-extension UUID), and exposes every extension document (background page,
 * popup.html opened in a tab, options page) as a target we can evaluate JavaScript in.
 *
 * Packets are `<byte length>:<JSON>`. Replies carry no `type`; events (target-available-form,
 * evaluationResult, …) do. Replies from one actor come back in request order.
 */
import net from 'node:net';

export interface RdpPacket {
  from: string;
  type?: string;
  error?: string;
  message?: string;
  [key: string]: unknown;
}

export interface FrameTargetForm {
  actor: string;
  consoleActor: string;
  url: string;
  title?: string;
}

interface Deferred {
  resolve: (p: RdpPacket) => void;
  reject: (e: Error) => void;
}

export class RdpClient {
  private buffer = Buffer.alloc(0);
  private readonly replies = new Map<string, Deferred[]>();
  private readonly listeners = new Set<(p: RdpPacket) => void>();
  private closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.parse();
    });
    socket.on('close', () => this.fail(new Error('Firefox closed the remote debugging connection')));
    socket.on('error', (e) => this.fail(e));
  }

  /** Connects to `-start-debugger-server <port>`, retrying while Firefox starts it. */
  static async connect(port: number, timeoutMs = 10_000): Promise<RdpClient> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const socket = await new Promise<net.Socket>((resolve, reject) => {
          const s = net.connect(port, '127.0.0.1');
          s.once('connect', () => resolve(s));
          s.once('error', reject);
        });
        const client = new RdpClient(socket);
        await client.expectReply('root'); // the greeting
        return client;
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`no Firefox debugger server on port ${port}: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  request(to: string, type: string, args: Record<string, unknown> = {}): Promise<RdpPacket> {
    const reply = this.expectReply(to);
    const json = JSON.stringify({ to, type, ...args });
    this.socket.write(`${Buffer.byteLength(json)}:${json}`);
    return reply;
  }

  /** Calls `listener` for every event packet; returns a function that stops it. */
  onEvent(listener: (p: RdpPacket) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The next event matching `predicate`. */
  waitForEvent(predicate: (p: RdpPacket) => boolean, timeoutMs = 10_000, what = 'event'): Promise<RdpPacket> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const stop = this.onEvent((p) => {
        if (!predicate(p)) return;
        clearTimeout(timer);
        stop();
        resolve(p);
      });
    });
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private expectReply(from: string): Promise<RdpPacket> {
    if (this.closed) return Promise.reject(new Error('remote debugging connection closed'));
    return new Promise((resolve, reject) => {
      const queue = this.replies.get(from) ?? [];
      queue.push({ resolve, reject });
      this.replies.set(from, queue);
    });
  }

  private parse(): void {
    for (;;) {
      const colon = this.buffer.indexOf(0x3a);
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString());
      if (this.buffer.length < colon + 1 + length) return;
      const packet = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString()) as RdpPacket;
      this.buffer = this.buffer.subarray(colon + 1 + length);
      this.dispatch(packet);
    }
  }

  private dispatch(packet: RdpPacket): void {
    const queue = this.replies.get(packet.from);
    if (packet.type === undefined || (packet.error && queue?.length)) {
      const waiter = queue?.shift();
      if (!waiter) return;
      if (packet.error) waiter.reject(new Error(`${packet.from}: ${packet.error}: ${packet.message ?? ''}`));
      else waiter.resolve(packet);
      return;
    }
    for (const listener of [...this.listeners]) listener(packet);
  }

  private fail(error: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const queue of this.replies.values()) for (const waiter of queue.splice(0)) waiter.reject(error);
  }
}

/** One installed add-on seen through the devtools server: its documents, and JS evaluation in them. */
export class AddonDebugger {
  private readonly targets = new Map<string, FrameTargetForm>();

  private constructor(
    private readonly rdp: RdpClient,
    /** The add-on's internal UUID: the host of its moz-extension:// URLs in this profile. */
    readonly uuid: string,
  ) {}

  static async attach(rdp: RdpClient, addonId: string): Promise<AddonDebugger> {
    const { addons } = (await rdp.request('root', 'listAddons')) as unknown as {
      addons: Array<{ id: string; actor: string; manifestURL?: string }>;
    };
    const addon = addons.find((a) => a.id === addonId);
    if (!addon?.manifestURL) throw new Error(`add-on ${addonId} is not installed (found: ${addons.map((a) => a.id).join(', ')})`);
    const uuid = new URL(addon.manifestURL).host;
    const self = new AddonDebugger(rdp, uuid);
    const watcher = await rdp.request(addon.actor, 'getWatcher', { isServerTargetSwitchingEnabled: true });
    rdp.onEvent((p) => {
      if (p.type === 'target-available-form') {
        const form = p.target as FrameTargetForm;
        self.targets.set(form.actor, form);
      } else if (p.type === 'target-destroyed-form') {
        self.targets.delete((p.target as FrameTargetForm).actor);
      } else if (p.type === 'frameUpdate' || p.type === 'tabNavigated') {
        // A document navigated inside a target: refresh its URL.
        const form = [...self.targets.values()].find((t) => t.actor === p.from);
        if (form && typeof p.url === 'string') form.url = p.url;
      }
    });
    await rdp.request(watcher.actor as string, 'watchTargets', { targetType: 'frame' });
    return self;
  }

  get origin(): string {
    return `moz-extension://${this.uuid}`;
  }

  /** The extension document whose URL `matches`, waiting for it to appear. */
  async target(matches: (url: string) => boolean, timeoutMs = 10_000): Promise<FrameTargetForm> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = [...this.targets.values()].find((t) => matches(t.url));
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(`no extension document matched; open: ${[...this.targets.values()].map((t) => t.url).join(', ')}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The background page (MV2: a persistent, generated background.html). */
  background(): Promise<FrameTargetForm> {
    return this.target((url) => url.startsWith(this.origin) && url.includes('background'));
  }

  /**
   * Evaluates `expression` (which may use `await`) in an extension document and returns its value,
   * passed through JSON. Throws the page's exception if it threw.
   */
  async evaluate<T = unknown>(target: FrameTargetForm, expression: string): Promise<T> {
    // With `mapped.await` (what the devtools console sends after wrapping top-level await itself)
    // the server settles the promise the expression returns before answering.
    const text = `(async () => JSON.stringify(await (async () => (${expression}))()))()`;
    // The result event can arrive in the same chunk as the reply, before `await` resumes here:
    // listen from before the request is sent.
    const results: RdpPacket[] = [];
    const stop = this.rdp.onEvent((p) => {
      if (p.type === 'evaluationResult' && p.from === target.consoleActor) results.push(p);
    });
    let result: RdpPacket | undefined;
    try {
      const { resultID } = await this.rdp.request(target.consoleActor, 'evaluateJSAsync', { text, mapped: { await: true } });
      result =
        results.find((p) => p.resultID === resultID) ??
        (await this.rdp.waitForEvent((p) => p.type === 'evaluationResult' && p.resultID === resultID, 15_000, `the result of ${expression.slice(0, 80)}`));
    } finally {
      stop();
    }
    if (result.hasException) {
      // A long message comes as a grip (an object), not a string.
      const message = typeof result.exceptionMessage === 'string' ? result.exceptionMessage : JSON.stringify(result.exceptionMessage ?? result.exception);
      throw new Error(`in ${target.url}: ${message}`);
    }
    const value = result.result;
    if (typeof value === 'object' && value && (value as { type?: string }).type === 'undefined') return undefined as T;
    if (typeof value !== 'string') throw new Error(`unexpected evaluation result ${JSON.stringify(value).slice(0, 200)} (too long?)`);
    return JSON.parse(value) as T;
  }
}
