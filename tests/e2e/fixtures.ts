/**
 * Playwright fixtures: one Debian Chromium per worker with the built extension loaded, a local
 * server for test pages, and helpers that read what a person sees (the page's highlights).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, chromium, expect, type BrowserContext, type Locator, type Page, type Worker } from '@playwright/test';
import { findChromium } from '../tools/chromium';
import { startServer, type TestServer } from '../tools/server';
import { readMarkedTexts } from '../tools/marks';
import { fromStorage, type Settings } from '../../utils/settings';

export const EXTENSION_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../.output/chrome-mv3');

export interface ExtensionFixtures {
  server: TestServer;
  extContext: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
}

// Report the service worker's own requests too, so that the no-network test sees everything.
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

export async function launchWithExtension(extensionDir = EXTENSION_DIR, env?: Record<string, string>): Promise<BrowserContext> {
  if (!fs.existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}: run \`npm run build\` first.`);
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backstory-e2e-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: true,
    args: [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, '--disable-quic'],
    ...(env ? { env: { ...process.env, ...env } } : {}),
  });
}

export const test = base.extend<{ page: Page }, ExtensionFixtures>({
  server: [
    async ({}, use) => {
      const server = await startServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  extContext: [
    async ({}, use) => {
      const context = await launchWithExtension();
      await use(context);
      await context.close();
    },
    { scope: 'worker' },
  ],
  serviceWorker: [
    async ({ extContext }, use) => {
      const worker = extContext.serviceWorkers()[0] ?? (await extContext.waitForEvent('serviceworker'));
      await use(worker);
    },
    { scope: 'worker' },
  ],
  extensionId: [
    async ({ serviceWorker }, use) => {
      await use(new URL(serviceWorker.url()).host);
    },
    { scope: 'worker' },
  ],
  page: async ({ extContext, serviceWorker }, use) => {
    // Each test starts from default settings.
    await serviceWorker.evaluate(() => chrome.storage.sync.clear());
    const page = await extContext.newPage();
    await use(page);
    await page.close();
  },
});

export { expect };

/** The texts Backstory has marked on the page, read from the page's own highlight registry. */
export function markedTexts(page: Page): Promise<string[]> {
  return page.evaluate(readMarkedTexts);
}

/**
 * Waits until the page has been scanned and something is marked, and the marks can be seen: their
 * stylesheet comes a round trip after the first mark (`backstory:styled`).
 */
export async function waitForMarks(page: Page, atLeast = 1): Promise<string[]> {
  await expect.poll(async () => (await markedTexts(page)).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(atLeast);
  await expect.poll(() => page.evaluate(() => performance.getEntriesByName('backstory:styled').length), { timeout: 10_000, message: 'the marks styled' }).toBeGreaterThan(0);
  return markedTexts(page);
}

/**
 * Waits until the page has been scanned `count` times (the `backstory:scan` measure is written
 * as each scan ends, whatever it found): the moment after which something not marked never will be.
 */
export async function waitForScans(page: Page, count = 1): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => performance.getEntriesByName('backstory:scan').length), { timeout: 10_000, message: `${count} scan(s) of the page` })
    .toBeGreaterThanOrEqual(count);
}

/** Waits until the card's opening animation has finished, so that its box is where it stays. */
export async function cardSettled(card: Locator): Promise<void> {
  await card.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
}

/** The centre of the first marked range whose text is `text`, in viewport coordinates. */
export async function markCenter(page: Page, text: string): Promise<{ x: number; y: number }> {
  const point = await page.evaluate((wanted) => {
    for (const name of ['backstory-underline', 'backstory-background']) {
      const h = CSS.highlights.get(name);
      if (!h) continue;
      for (const r of h) {
        const range = r as Range;
        if (range.toString() !== wanted) continue;
        range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
        const rect = range.getClientRects()[0]!;
        return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
      }
    }
    return null;
  }, text);
  if (!point) throw new Error(`"${text}" is not marked`);
  return point;
}

/** The boxes of every marked range, in viewport coordinates. */
function markBoxes(page: Page): Promise<{ left: number; top: number; right: number; bottom: number }[]> {
  return page.evaluate(() =>
    ['backstory-underline', 'backstory-background'].flatMap((name) =>
      [...(CSS.highlights.get(name) ?? [])].flatMap((r) => [...(r as Range).getClientRects()].map(({ left, top, right, bottom }) => ({ left, top, right, bottom }))),
    ),
  );
}

/**
 * Moves the mouse onto a marked mention like a person would (in steps) and rests there. It sets
 * out from a point beside the mark that is on no other mark: on a busy machine the steps can take
 * longer than the hover delay, and a pointer resting on another mark opens that card first (the
 * slogan's, a line below Carrie Lam on the demo article, whose card then covered her name).
 */
export async function hoverMark(page: Page, text: string): Promise<void> {
  const { x, y } = await markCenter(page, text);
  const boxes = await markBoxes(page);
  const onAMark = (p: { x: number; y: number }) => boxes.some((b) => p.x >= b.left - 2 && p.x <= b.right + 2 && p.y >= b.top - 2 && p.y <= b.bottom + 2);
  const starts = [[-40, 30], [-40, -30], [40, 30], [40, -30], [0, 45], [0, -45]].map(([dx, dy]) => ({ x: x + dx!, y: y + dy! }));
  const start = starts.find((p) => p.x >= 0 && p.y >= 0 && !onAMark(p));
  if (!start) throw new Error(`no point beside "${text}" that is on no mark`);
  await page.mouse.move(start.x, start.y);
  await page.mouse.move(x, y, { steps: 6 });
}

/**
 * The id Chromium gave the tab showing `url`. Backstory has no "tabs" permission, so tab URLs are
 * hidden from it: ask each tab's content script which page it is on instead.
 */
export async function tabIdOf(serviceWorker: Worker, url: string): Promise<number> {
  const host = new URL(url).hostname;
  let id: number | undefined;
  // The content script answers once it has started: ask until it does.
  await expect
    .poll(async () => {
      id = await serviceWorker.evaluate(async (h) => {
        for (const tab of await chrome.tabs.query({})) {
          if (tab.id === undefined) continue;
          const reply = await chrome.tabs.sendMessage(tab.id, { type: 'summary' }).catch(() => undefined);
          if (reply?.ok && reply.host === h) return tab.id;
        }
        return undefined;
      }, host);
      return id;
    }, { message: `no tab shows ${url}` })
    .toBeDefined();
  return id!;
}

/**
 * The marked texts, read from a fresh isolated world: for pages that break `CSS` in their own
 * world (the highlight registry itself is shared by all worlds).
 */
export async function markedTextsIsolated(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const { executionContextId } = await cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'test-reader' });
    const { result } = await cdp.send('Runtime.evaluate', {
      contextId: executionContextId,
      returnByValue: true,
      expression: `[...['backstory-underline', 'backstory-background']].flatMap((n) => [...(CSS.highlights.get(n) ?? [])].map((r) => r.toString()))`,
    });
    return result.value as string[];
  } finally {
    await cdp.detach();
  }
}

/** Collects the page's console errors and uncaught exceptions from now on. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/** The settings as storage.sync holds them (read as the extension reads them), or null when nothing is stored. */
export async function storedSettings(serviceWorker: Worker): Promise<Settings | null> {
  const items = await serviceWorker.evaluate(() => chrome.storage.sync.get(null));
  return Object.keys(items).length ? fromStorage(items) : null;
}
