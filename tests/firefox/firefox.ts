/**
 * A real Firefox (Debian's firefox-esr) with the built Firefox add-on (.output/firefox-mv2)
 * installed as a temporary add-on, driven by puppeteer-core over WebDriver BiDi, plus the devtools
 * server (rdp.ts) for the add-on's own documents, which BiDi does not reach.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { AddonDebugger, RdpClient } from './rdp';
import { readMarkedTexts } from '../tools/marks';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIREFOX_BUILD = path.join(ROOT, '.output/firefox-mv2');
export const CHROME_BUILD = path.join(ROOT, '.output/chrome-mv3');

export const FIREFOX_HINT =
  'No Firefox found. Install one: `sudo apt-get install -y firefox-esr` (Debian), or set FIREFOX_PATH to a Firefox binary.';

export function findFirefox(): string {
  const onPath = (process.env.PATH ?? '').split(path.delimiter).flatMap((dir) => [path.join(dir, 'firefox-esr'), path.join(dir, 'firefox')]);
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', ...onPath, '/Applications/Firefox.app/Contents/MacOS/firefox'];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  throw new Error(FIREFOX_HINT);
}

export interface FirefoxWithAddon {
  browser: Browser;
  /** The add-on id Firefox reports (browser_specific_settings.gecko.id). */
  addonId: string;
  addon: AddonDebugger;
  close: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function launchFirefoxWithAddon(extensionDir = FIREFOX_BUILD): Promise<FirefoxWithAddon> {
  if (!fs.existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built add-on at ${extensionDir}: run \`npm run build:firefox\` first.`);
  }
  const rdpPort = await freePort();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless: true,
    protocol: 'webDriverBiDi',
    args: ['-start-debugger-server', String(rdpPort)],
    extraPrefsFirefox: {
      // The devtools server, without the "allow incoming connection?" prompt.
      'devtools.debugger.remote-enabled': true,
      'devtools.debugger.prompt-connection': false,
      'devtools.chrome.enabled': true,
    },
  });
  let rdp: RdpClient | undefined;
  try {
    const addonId = await browser.installExtension(extensionDir);
    rdp = await RdpClient.connect(rdpPort);
    const addon = await AddonDebugger.attach(rdp, addonId);
    const client = rdp;
    return {
      browser,
      addonId,
      addon,
      close: async () => {
        client.close();
        await browser.close();
      },
    };
  } catch (e) {
    rdp?.close();
    await browser.close();
    throw e;
  }
}

/** Polls `read` until `ok` accepts its value; returns that value. */
export async function poll<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let error: unknown;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch (e) {
      error = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}${error ? `; last error: ${error instanceof Error ? error.message : JSON.stringify(error)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The texts Backstory has marked, read from the page's own highlight registry (shared with content scripts). */
export function markedTexts(page: Page): Promise<string[]> {
  return page.evaluate(readMarkedTexts);
}

export function waitForMarks(page: Page, atLeast = 1): Promise<string[]> {
  return poll(() => markedTexts(page), (m) => m.length >= atLeast, `at least ${atLeast} marks`);
}

/** Moves the mouse onto the first marked range whose text is `text`, in steps, like a person. */
export async function hoverMark(page: Page, text: string): Promise<void> {
  const point = await page.evaluate((wanted: string) => {
    const h = CSS.highlights.get('backstory-underline');
    const range = h && [...h].map((r) => r as Range).find((r) => r.toString() === wanted);
    if (!range) return null;
    range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
    const rect = range.getClientRects()[0];
    return rect ? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 } : null;
  }, text);
  if (!point) throw new Error(`"${text}" is not marked`);
  await page.mouse.move(point.x - 40, point.y + 30);
  await page.mouse.move(point.x, point.y, { steps: 6 });
}

export interface CardState {
  name: string | null;
  heading: string | null;
  visible: boolean;
  text: string;
  times: number;
  /** The card's own stylesheet applies inside the shadow root (position: fixed, 360 px wide). */
  styled: boolean;
}

/** The open card, as a reader would see it: role=dialog in backstory-card's open shadow root. */
export function openCard(page: Page): Promise<CardState | null> {
  return page.evaluate(() => {
    const root = document.querySelector('backstory-card')?.shadowRoot;
    const dialog = root?.querySelector<HTMLElement>('[role="dialog"]');
    if (!root || !dialog) return null;
    const labelId = dialog.getAttribute('aria-labelledby');
    const label = labelId ? root.getElementById(labelId) : null;
    const box = dialog.getBoundingClientRect();
    return {
      name: label?.textContent?.trim() ?? dialog.getAttribute('aria-label'),
      heading: dialog.querySelector('h1, h2, h3, [role="heading"]')?.textContent?.trim() ?? null,
      visible: box.width > 0 && box.height > 0 && dialog.checkVisibility(),
      text: dialog.innerText,
      times: dialog.querySelectorAll('time').length,
      styled: getComputedStyle(dialog).position === 'fixed' && Math.round(box.width) <= 360,
    };
  });
}

