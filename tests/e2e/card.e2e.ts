/** The hover card: intent, placement, keyboard, navigation, actions, looks, accessibility. */
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { cardSettled, EXTENSION_DIR, expect, hoverMark, markCenter, markedTexts, storedSettings, test, waitForMarks } from './fixtures';
import { STAGES } from '../../utils/stages';

const VIEWPORT = { width: 1000, height: 700 };
const MARGIN = 5;

async function cardBox(page: Page, name: string) {
  const card = page.getByRole('dialog', { name });
  await expect(card).toBeVisible();
  await cardSettled(card);
  return (await card.boundingBox())!;
}

// The timing of hover intent (a pass-through opens nothing, moving along the word or into the
// card does not close it, the grace before closing) is tested with fake timers in
// tests/browser/hover.test.ts: the extension's timers run in its own world, out of reach of
// Playwright's clock. Here: the same steps with the real extension, each waiting for its event.
test('opens on a rest, stays while the pointer moves into it and is used, closes after leaving', async ({ page, server }) => {
  await page.setViewportSize(VIEWPORT);
  await page.goto(server.url('/plain-tiktok.html'));
  await waitForMarks(page);
  const { x, y } = await markCenter(page, 'TikTok');
  const card = page.getByRole('dialog', { name: 'TikTok' });

  await page.mouse.move(x - 60, y, { steps: 1 });
  await page.mouse.move(x, y, { steps: 4 });
  await expect(card).toBeVisible();
  await page.mouse.move(x + 6, y, { steps: 3 });

  // The pointer travels into the card and uses it: the card answers, still the same card.
  const box = await cardBox(page, 'TikTok');
  await page.mouse.move(box.x + box.width / 2, box.y + 20, { steps: 5 });
  await card.getByRole('heading', { name: 'TikTok' }).click();
  await expect(card).toBeVisible();

  // Leaving both closes it, after a short grace.
  await page.mouse.move(VIEWPORT.width - 10, VIEWPORT.height - 10, { steps: 5 });
  await expect(card).toBeHidden();
});

test('stays inside the viewport at every edge, flipping above near the bottom', async ({ page, server }) => {
  await page.setViewportSize(VIEWPORT);
  await page.goto(server.url('/edges.html'));
  await waitForMarks(page, 4);
  for (const [name, text] of [
    ['TikTok', 'TikTok'],
    ['Telegram', 'Telegram'],
    ['Google', 'Google'],
    ['WhatsApp', 'WhatsApp'],
  ] as const) {
    const mark = await markCenter(page, text);
    await page.mouse.move(mark.x, mark.y, { steps: 3 });
    const box = await cardBox(page, name);
    expect(box.x).toBeGreaterThanOrEqual(MARGIN - 0.5);
    expect(box.y).toBeGreaterThanOrEqual(MARGIN - 0.5);
    expect(box.x + box.width).toBeLessThanOrEqual(VIEWPORT.width - MARGIN + 0.5);
    expect(box.y + box.height).toBeLessThanOrEqual(VIEWPORT.height - MARGIN + 0.5);
    // Below the mention near the top, above it near the bottom: never over the word itself.
    if (mark.y < VIEWPORT.height / 2) expect(box.y).toBeGreaterThan(mark.y);
    else expect(box.y + box.height).toBeLessThan(mark.y);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();
  }
});

test('keyboard only: the shortcut opens the next mention with focus inside, Tab moves, Escape returns focus', async ({
  page,
  server,
  serviceWorker,
}) => {
  await page.goto(server.url('/demo-article.html'));
  await waitForMarks(page, 4);
  await page.bringToFront();
  // Browser shortcuts never reach the page in automation: fire the command as the browser would.
  await serviceWorker.evaluate(() => (chrome.commands.onCommand as unknown as { dispatch: (c: string) => void }).dispatch('next-mention'));
  const first = page.getByRole('dialog', { name: 'Hong Kong' });
  await expect(first).toBeVisible();
  await expect(first.getByRole('heading', { name: 'Hong Kong' })).toBeFocused();
  await page.keyboard.press('Tab');
  const focused = () => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.textContent ?? null);
  expect(await focused()).toBeTruthy();
  await serviceWorker.evaluate(() => (chrome.commands.onCommand as unknown as { dispatch: (c: string) => void }).dispatch('next-mention'));
  await expect(page.getByRole('dialog', { name: 'Hong Kong national security law' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('BACKSTORY-CARD');
});

test('related entities open in place, with a way back', async ({ page, server }) => {
  await page.goto(server.url('/demo-article.html'));
  await waitForMarks(page);
  await hoverMark(page, 'TikTok');
  const tiktok = page.getByRole('dialog', { name: 'TikTok' });
  await expect(tiktok).toBeVisible();
  await tiktok.getByRole('button', { name: 'ByteDance' }).click();
  const bytedance = page.getByRole('dialog', { name: 'ByteDance' });
  await expect(bytedance).toBeVisible();
  await expect(bytedance).toContainText('Source:');
  await bytedance.getByRole('button', { name: 'Back to TikTok' }).click();
  await expect(page.getByRole('dialog', { name: 'TikTok' })).toBeVisible();
});

test('on an undated page shows tied facts, then the rest, each newest first, a few at a time, with sources and why the text was marked', async ({ page, server }) => {
  await page.goto(server.url('/demo-article.html'));
  await waitForMarks(page);
  await hoverMark(page, 'TikTok');
  const card = page.getByRole('dialog', { name: 'TikTok' });
  const facts = card.getByRole('list', { name: 'Dated facts' }).getByRole('listitem');
  await expect(facts).toHaveCount(3);
  await card.getByRole('button', { name: /Show \d+ more facts?/ }).click();
  const rows = await facts.evaluateAll((els) => els.map((e) => ({ date: e.querySelector('time')!.getAttribute('datetime')!, tied: !!e.querySelector('.ties') })));
  const tied = rows.filter((r) => r.tied).map((r) => r.date);
  const rest = rows.filter((r) => !r.tied).map((r) => r.date);
  expect(tied.length).toBeGreaterThan(0);
  expect(rows.map((r) => r.date)).toEqual([...tied, ...rest]);
  expect([...tied].sort().reverse()).toEqual(tied);
  expect([...rest].sort().reverse()).toEqual(rest);
  expect(await facts.count()).toBeGreaterThan(3);
  await expect(card).toContainText('Marked because the page says “TikTok”');
  for (const text of await facts.allTextContents()) expect(text).toContain('Source:');
});

test('"Hide this term" stops marking it, and the options page can bring it back', async ({ page, server, extContext, extensionId }) => {
  await page.goto(server.url('/demo-article.html'));
  await waitForMarks(page);
  await hoverMark(page, 'TikTok');
  await page.getByRole('dialog', { name: 'TikTok' }).getByRole('button', { name: 'Hide this term' }).click();
  await expect.poll(() => markedTexts(page)).not.toContain('TikTok');
  expect(await markedTexts(page)).toContain('Telegram');
  const options = await extContext.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByRole('button', { name: 'Show TikTok again' }).click();
  await expect.poll(() => markedTexts(page)).toContain('TikTok');
  await options.close();
});

test('a page whose CSS restyles every element leaves the card unchanged', async ({ page, server }) => {
  const look = async (path: string) => {
    await page.goto(server.url(path));
    await waitForMarks(page);
    await hoverMark(page, 'TikTok');
    const box = await cardBox(page, 'TikTok');
    const styles = await page.getByRole('dialog', { name: 'TikTok' }).evaluate((card) => {
      const pick = (el: Element) => {
        const s = getComputedStyle(el);
        return [s.color, s.backgroundColor, s.fontSize, s.fontStyle, s.display, s.padding, s.textTransform, s.letterSpacing].join('|');
      };
      return [card, ...card.querySelectorAll('*')].map(pick);
    });
    // Its visible height depends on the room next to the mention; its content's does not.
    const contentHeight = await page.getByRole('dialog', { name: 'TikTok' }).evaluate((card) => card.scrollHeight);
    return { width: box.width, contentHeight, styles };
  };
  const plain = await look('/plain-tiktok.html');
  const hostile = await look('/hostile-css.html');
  expect(hostile).toEqual(plain);
});

test('readable in dark mode', async ({ page, server }) => {
  const background = async () => {
    await hoverMark(page, 'TikTok');
    const card = page.getByRole('dialog', { name: 'TikTok' });
    await expect(card).toBeVisible();
    const shot = await card.screenshot();
    const bg = await card.evaluate((el) => getComputedStyle(el).backgroundColor);
    await page.keyboard.press('Escape');
    return { shot, bg };
  };
  await page.goto(server.url('/plain-tiktok.html'));
  await waitForMarks(page);
  const light = await background();
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await background();
  expect(light.bg).toBe('rgb(255, 255, 255)');
  expect(dark.bg).toBe('rgb(31, 33, 36)');
  expect(dark.shot.equals(light.shot)).toBe(false);
});

test('no motion when the reader asks for reduced motion', async ({ page, server }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(server.url('/plain-tiktok.html'));
  await waitForMarks(page);
  await hoverMark(page, 'TikTok');
  const card = page.getByRole('dialog', { name: 'TikTok' });
  await expect(card).toBeVisible();
  expect(await card.evaluate((el) => getComputedStyle(el).animationName)).toBe('none');
});

test('axe finds no accessibility violations in the card', async ({ page, server }) => {
  await page.goto(server.url('/demo-article.html'));
  await waitForMarks(page);
  await hoverMark(page, 'TikTok');
  await cardSettled(page.getByRole('dialog', { name: 'TikTok' }));
  const results = await new AxeBuilder({ page }).include('backstory-card').analyze();
  expect(results.violations).toEqual([]);
});

test('the card still opens after the background service worker was stopped', async ({ page, server, extContext }) => {
  await page.goto(server.url('/demo-article.html'));
  await waitForMarks(page);
  const cdp = await extContext.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await hoverMark(page, 'Telegram');
  await expect(page.getByRole('dialog', { name: 'Telegram' })).toBeVisible();
});

test('text the page adds after the background service worker was stopped is still matched', async ({ page, server, extContext }) => {
  await page.goto(server.url('/demo-article.html'));
  await waitForMarks(page);
  const before = await markedTexts(page);
  // The page's matching port (utils/browser/channel.ts) closes with the worker.
  const cdp = await extContext.newCDPSession(page);
  const stopped = new Promise<void>((resolve) =>
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      if (versions.some((v) => v.runningStatus === 'stopped')) resolve();
    }),
  );
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await stopped;
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.textContent = 'A late paragraph about WeChat.';
    document.querySelector('article')!.append(p);
  });
  await expect.poll(() => markedTexts(page)).toEqual([...before, 'WeChat']);
});

test('closes when its mention is scrolled out of view', async ({ page, server }) => {
  await page.setViewportSize({ width: 900, height: 500 });
  await page.goto(server.url('/demo-article.html'));
  await waitForMarks(page);
  await hoverMark(page, 'TikTok');
  const card = page.getByRole('dialog', { name: 'TikTok' });
  await expect(card).toBeVisible();
  await page.evaluate(() => {
    document.body.style.paddingBottom = '3000px';
    window.scrollBy(0, 2000);
  });
  await expect(card).toBeHidden();
});

test('"Turn off on this site" removes the marks and lists the site in the options', async ({ page, server, serviceWorker }) => {
  await page.goto(server.url('/demo-article.html'));
  await waitForMarks(page);
  await hoverMark(page, 'Telegram');
  await page.getByRole('dialog', { name: 'Telegram' }).getByRole('button', { name: 'Turn off on this site' }).click();
  await expect.poll(() => markedTexts(page)).toEqual([]);
  expect((await storedSettings(serviceWorker))?.sites).toEqual(['127.0.0.1']);
});

test('in fullscreen, the card opens inside the fullscreen element', async ({ page, server }) => {
  await page.goto(server.url('/demo-article.html'));
  await waitForMarks(page);
  // Fullscreen needs a user gesture: the page asks for it on a click.
  await page.evaluate(() => document.addEventListener('click', () => void document.querySelector('main')!.requestFullscreen(), { once: true }));
  await page.mouse.click(5, 300);
  await expect.poll(() => page.evaluate(() => document.fullscreenElement?.tagName ?? null)).toBe('MAIN');
  await hoverMark(page, 'TikTok');
  await expect(page.getByRole('dialog', { name: 'TikTok' })).toBeVisible();
  expect(await page.evaluate(() => document.querySelector('backstory-card')?.parentElement?.tagName)).toBe('MAIN');
  await page.evaluate(() => document.exitFullscreen());
});

test("each script of ours is compiled once per page, the scanner's all at once, and the card's only when a card is wanted", async ({
  page,
  server,
  extContext,
}) => {
  // V8's compile hint, first in the built file (the minifier would drop it anywhere it runs after).
  const scanner = fs.readFileSync(path.join(EXTENSION_DIR, STAGES.scanner.file), 'utf8');
  expect(scanner.startsWith('//# allFunctionsCalledOnLoad\n')).toBe(true);
  // Every script the page's frames compile, ours included (each world's scripts are reported).
  const cdp = await extContext.newCDPSession(page);
  const parsed: string[] = [];
  cdp.on('Debugger.scriptParsed', (e) => parsed.push(e.url));
  await cdp.send('Debugger.enable');
  await page.goto(server.url('/plain-tiktok.html'));
  await waitForMarks(page);
  const ours = (stage: keyof typeof STAGES) => parsed.filter((url) => url.startsWith('chrome-extension://') && url.endsWith(STAGES[stage].file));
  expect(ours('starter')).toHaveLength(1);
  expect(ours('scanner')).toHaveLength(1);
  expect(ours('runner')).toHaveLength(1);
  expect(ours('card')).toEqual([]);
  await hoverMark(page, 'TikTok');
  await expect(page.getByRole('dialog', { name: 'TikTok' })).toBeVisible();
  expect(ours('card')).toHaveLength(1);
  // Another card on the same page reuses it.
  await page.mouse.move(5, 5);
  await expect(page.getByRole('dialog', { name: 'TikTok' })).toBeHidden();
  await hoverMark(page, 'TikTok');
  await expect(page.getByRole('dialog', { name: 'TikTok' })).toBeVisible();
  expect(ours('card')).toHaveLength(1);
  await cdp.detach();
});

test('a page that mentioned nothing at first opens a card for a mention it adds later', async ({ page, server }) => {
  // The hover watcher and the cards are built only for the first mention: here, one a later change brings.
  await page.setViewportSize(VIEWPORT);
  await page.goto(server.url('/dynamic.html'));
  await expect.poll(() => page.evaluate(() => performance.getEntriesByName('backstory:scan').length)).toBeGreaterThanOrEqual(1);
  expect(await markedTexts(page)).toEqual([]);
  await page.evaluate(() => (window as unknown as { addStory: (id: string, t: string) => void }).addStory('s1', 'Telegram said it would not process the requests.'));
  await waitForMarks(page);
  await hoverMark(page, 'Telegram');
  await expect(page.getByRole('dialog', { name: 'Telegram' })).toBeVisible();
});

test('an entity of the larger dataset has its card: "Beijing" in the demo is China’s government, with dated, sourced facts', async ({ page, server }) => {
  await page.goto(server.url('/demo-article.html'));
  await waitForMarks(page);
  await hoverMark(page, 'Beijing');
  const card = page.getByRole('dialog', { name: 'Government of China' });
  await expect(card).toBeVisible();
  await expect(card.getByRole('heading', { name: 'Government of China' })).toBeVisible();
  expect(await card.locator('time').count()).toBeGreaterThanOrEqual(3);
  await expect(card.getByRole('link').first()).toHaveAttribute('href', /^https:\/\//);
});
