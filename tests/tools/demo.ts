/**
 * `npm run demo`: serves the demo article on 127.0.0.1 and opens it in Chromium with the built
 * extension. With a display it opens a window and waits for you to close it; headless (no DISPLAY,
 * or --headless) it hovers the first mention, saves a screenshot of the card and prints what it found.
 *   --screenshot PATH   where to save the screenshot (default demo-output/demo.png)
 *   --dark              emulate dark mode
 *   --popup-screenshot PATH  also save a screenshot of the popup
 *   --page PATH         another page of tests/pages (the README's pictures use /tiktok-exit-2020.html)
 */
import fs from 'node:fs';
import path from 'node:path';
import { launchWithExtension, hoverMark, waitForMarks, tabIdOf } from '../e2e/fixtures';
import { startServer } from './server';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};

async function main() {
  const headless = flag('--headless') || !process.env.DISPLAY || !!process.env.CI;
  const server = await startServer();
  const url = server.url(option('--page') ?? '/demo-article.html');
  const context = headless ? await launchWithExtension() : await launchHeaded();
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const page = context.pages()[0] ?? (await context.newPage());
  if (flag('--dark')) await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 1100, height: 760 });
  await page.goto(url);
  const marked = await waitForMarks(page);

  const popup = await context.newPage();
  if (flag('--dark')) await popup.emulateMedia({ colorScheme: 'dark' });
  await popup.setViewportSize({ width: 420, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${await tabIdOf(worker, url)}`);
  await popup.getByRole('list', { name: 'Found on this page' }).waitFor();
  const popupShot = option('--popup-screenshot');
  if (popupShot) {
    fs.mkdirSync(path.dirname(popupShot), { recursive: true });
    await popup.screenshot({ path: popupShot });
    console.log(`Screenshot of the popup: ${popupShot}`);
  }
  const list = popup.getByRole('list', { name: 'Found on this page' });
  const names = await list.locator('.name').allTextContents();
  const counts = await list.locator('.count').allTextContents();
  await popup.close();
  console.log(`Backstory found ${names.length} entities on ${url}:`);
  names.forEach((name, i) => console.log(`  - ${name} (${counts[i]} mention${counts[i] === '1' ? '' : 's'})`));
  console.log(`Marked on the page: ${marked.join(', ')}`);

  if (headless) {
    await hoverMark(page, 'TikTok');
    await page.getByRole('dialog', { name: 'TikTok' }).waitFor();
    await page.waitForTimeout(250);
    const out = option('--screenshot') ?? 'demo-output/demo.png';
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out });
    console.log(`Screenshot of the card: ${out}`);
    await context.close();
    await server.close();
  } else {
    console.log('The demo is open in Chromium. Hover a marked word; close the window to stop.');
    await new Promise((resolve) => context.on('close', resolve));
    await server.close();
  }
}

async function launchHeaded() {
  const { chromium } = await import('@playwright/test');
  const { findChromium } = await import('./chromium');
  const { EXTENSION_DIR } = await import('../e2e/fixtures');
  const os = await import('node:os');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backstory-demo-'));
  return chromium.launchPersistentContext(dir, {
    executablePath: findChromium(),
    headless: false,
    viewport: null,
    args: [`--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`, '--disable-quic'],
  });
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
