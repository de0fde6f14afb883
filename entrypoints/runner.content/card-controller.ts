/**
 * The runner's side of the card: which card is open, for which mention. It looks cards up (and
 * keeps them, so a card shows at once even when the background was asleep), opens them next to
 * their mention, follows the mention on scroll, and gives focus back when a keyboard-opened card
 * closes.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { askBackground } from '../../utils/browser/messaging';
import { isNoReceiver, reportError } from '../../utils/report';
import type { EntityCard } from '../../utils/messages';
import { CardLoader } from './card-loader';
import type { Mention } from '../scanner.content/mentions';
import type { PageStory } from '../../utils/story';

const LOOKUP_ATTEMPTS = 3;
const LOOKUP_RETRY_MS = 150;

/** What the controller asks of the runner: the page's story, and what the card's buttons do. */
export interface CardControllerOptions {
  /** The page's story as of its last scan (see run.ts). */
  story: () => PageStory;
  hide: (entityId: string) => void;
  siteOff: () => void;
}

export class CardController {
  private readonly lookups = new Map<string, Promise<EntityCard | undefined>>();
  private readonly host: CardLoader;
  private openMention: Mention | undefined;
  private lastFocus: Element | null = null;

  constructor(
    private readonly ctx: ContentScriptContext,
    private readonly actions: CardControllerOptions,
  ) {
    this.host = new CardLoader({
      openRelated: (id) => this.lookup(id),
      hide: actions.hide,
      siteOff: actions.siteOff,
      closed: (returnFocus) => {
        this.openMention = undefined;
        if (returnFocus && this.lastFocus instanceof HTMLElement) this.lastFocus.focus({ preventScroll: true });
        this.lastFocus = null;
      },
    }, async () => {
      const res = await askBackground({ type: 'card' });
      if (!res.ok) throw new Error(res.error);
    });
    ctx.addEventListener(document, 'keydown', (e: KeyboardEvent) => {
      if (e.key === 'Escape' && this.host.isOpen) this.host.close(true);
    });
    // Scrolling moves the card with its mention, and closes it once the mention is out of view.
    ctx.addEventListener(window, 'scroll', () => this.follow(), { passive: true, capture: true });
    ctx.onInvalidated(() => {
      this.host.close();
      this.host.element?.remove();
    });
  }

  /** The card for an entity; a failed lookup is not kept, so the next hover asks again. */
  lookup(id: string): Promise<EntityCard | undefined> {
    // The card's code is fetched alongside its first card.
    void this.host.prepare();
    let card = this.lookups.get(id);
    if (!card) {
      card = this.ask(id);
      void card.then((c) => c ?? this.lookups.delete(id));
      this.lookups.set(id, card);
    }
    return card;
  }

  /**
   * Asks the background, again after a moment if it did not answer: right after an install or
   * update its service worker may not be listening yet ("Receiving end does not exist").
   */
  private async ask(id: string): Promise<EntityCard | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await askBackground({ type: 'lookup', id });
        return res.ok ? res.card : undefined;
      } catch (e) {
        // Only "nobody is listening" is worth another try; anything else is a bug to see.
        if (!isNoReceiver(e)) {
          reportError(`could not look up "${id}"`, e);
          return undefined;
        }
        if (attempt >= LOOKUP_ATTEMPTS || this.ctx.isInvalid) return undefined;
        await new Promise<void>((resolve) => this.ctx.setTimeout(() => resolve(), LOOKUP_RETRY_MS));
      }
    }
  }

  /** Drops the cards looked up so far and closes the open one: the datasets behind them changed. */
  forget(): void {
    this.lookups.clear();
    this.host.close();
  }

  get isOpen(): boolean {
    return this.host.isOpen;
  }

  isOpenFor(mention: Mention): boolean {
    return this.openMention === mention;
  }

  contains(node: EventTarget | null): boolean {
    return this.host.contains(node);
  }

  close(returnFocus = false): void {
    this.host.close(returnFocus);
  }

  /** Opens the mention's card next to the line under the pointer (or its first line). */
  async open(mention: Mention, options: { x?: number; y?: number; focus: boolean }): Promise<void> {
    const [card, loaded] = await Promise.all([this.lookup(mention.entityId), this.host.prepare()]);
    if (!card || !loaded || this.ctx.isInvalid) return;
    const rects = [...mention.range.getClientRects()];
    const { x, y } = options;
    const line =
      (x !== undefined && y !== undefined && rects.find((r) => y >= r.top && y <= r.bottom && x >= r.left - 1 && x <= r.right + 1)) || rects[0];
    if (!line) return;
    if (options.focus) this.lastFocus = document.activeElement;
    this.openMention = mention;
    this.host.open({ card, story: this.actions.story(), matched: mention.range.toString(), anchor: line, focus: options.focus });
  }

  /** Scrolls to a mention and opens its card with focus inside (keyboard and popup). */
  reveal(mention: Mention): void {
    mention.range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
    void this.open(mention, { focus: true });
  }

  /** The keyboard shortcut: the marked mention after the open one, cycling. */
  revealNext(marked: Mention[]): boolean {
    if (!marked.length) return false;
    const at = this.openMention ? marked.indexOf(this.openMention) : -1;
    this.reveal(marked[(at + 1) % marked.length]!);
    return true;
  }

  private follow(): void {
    if (!this.openMention || !this.host.isOpen) return;
    const line = this.openMention.range.getClientRects()[0];
    const height = document.documentElement.clientHeight;
    if (!line || line.bottom < 0 || line.top > height) this.host.close();
    else this.host.position(line);
  }
}
