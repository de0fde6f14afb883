/**
 * The whole loop in a real Chromium: marks, the hover card, excluded elements, an untouched DOM,
 * the popup, the site switch, and no network traffic.
 */
import { chromium } from '@playwright/test';
import { findChromium } from '../tools/chromium';
import { expect, hoverMark, markedTexts, tabIdOf, test, waitForMarks, waitForScans } from './fixtures';

test('marks the first mention of each entity on the demo article', async ({ page, server }) => {
  await page.goto(server.url('/demo-article.html'));
  const marked = await waitForMarks(page, 4);
  expect(marked).toEqual(expect.arrayContaining(['TikTok', 'Telegram', 'Carrie Lam', 'WhatsApp']));
  // The headline's "the security law" is the law's first mention in the reading text.
  expect(marked).toContain('security law');
  // First mention only: each text once, and the share buttons, nav and footer are not mentions.
  expect(marked.filter((t) => t === 'TikTok')).toHaveLength(1);
  const facebook = await page.evaluate(() => {
    const h = CSS.highlights.get('backstory-underline');
    const r = h && [...h].map((x) => x as Range).find((x) => x.toString() === 'Facebook');
    return r ? r.startContainer.parentElement!.tagName : null;
  });
  expect(facebook).toBe('P');
});

test('the marks are drawn: the words under them look different with the marks than without', async ({ page, server }) => {
  await page.goto(server.url('/demo-article.html'));
  await waitForMarks(page, 4);
  // The first mark, with a little room below it for the underline.
  const box = await page.evaluate(() => {
    const range = [...CSS.highlights.get('backstory-underline')!][0] as Range;
    const r = range.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height + 6 };
  });
  expect(box.width).toBeGreaterThan(0);
  const marked = await page.screenshot({ clip: box });
  // The page's own world shares the document's highlight registry: take the marks away.
  await page.evaluate(() => CSS.highlights.clear());
  const plain = await page.screenshot({ clip: box });
  // Without the marks' stylesheet, a highlight draws nothing and the two would be alike.
  expect(marked.equals(plain)).toBe(false);
});

test('hovering a mention opens the card for that entity, Escape closes it', async ({ page, server }) => {
  await page.goto(server.url('/demo-article.html'));
  await waitForMarks(page);
  await hoverMark(page, 'TikTok');
  const card = page.getByRole('dialog', { name: 'TikTok' });
  await expect(card).toBeVisible();
  await expect(card).toContainText('Source:');
  await expect(card.locator('time').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(card).toBeHidden();

  await hoverMark(page, 'Carrie Lam');
  await expect(page.getByRole('dialog', { name: 'Carrie Lam' })).toBeVisible();
  // Leaving the mention (and not entering the card) closes it.
  await page.mouse.move(5, 5, { steps: 4 });
  await expect(page.getByRole('dialog', { name: 'Carrie Lam' })).toBeHidden();
});

test('never marks inside form fields, code, scripts, hidden or boilerplate elements', async ({ page, server }) => {
  await page.goto(server.url('/excluded.html'));
  await waitForMarks(page);
  // Marks appear as the scan ends; its measure says it has ended.
  await waitForScans(page);
  const containers = await page.evaluate(() => {
    const out: string[] = [];
    for (const name of ['backstory-underline', 'backstory-background']) {
      const h = CSS.highlights.get(name);
      if (h) for (const r of h) out.push(((r as Range).startContainer.parentElement as HTMLElement).id || (r as Range).startContainer.parentElement!.tagName);
    }
    return out;
  });
  expect(containers).toEqual(['visible']);
});

test('leaves the page DOM exactly as it was', async ({ page, server, extContext }) => {
  const url = server.url('/demo-article.html');
  await page.goto(url);
  await waitForMarks(page);
  await hoverMark(page, 'TikTok');
  await expect(page.getByRole('dialog', { name: 'TikTok' })).toBeVisible();
  const withExtension = await page.evaluate(() => {
    const clone = document.documentElement.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('backstory-card').forEach((el) => el.remove());
    return clone.outerHTML;
  });
  void extContext;
  const plain = await chromium.launch({ executablePath: findChromium(), headless: true });
  try {
    const other = await plain.newPage();
    await other.goto(url);
    const without = await other.evaluate(() => document.documentElement.outerHTML);
    expect(withExtension).toBe(without);
  } finally {
    await plain.close();
  }
});

test('the popup lists what the page mentions, with counts', async ({ page, server, extContext, extensionId, serviceWorker }) => {
  const url = server.url('/demo-article.html');
  await page.goto(url);
  await waitForMarks(page);
  const tabId = await tabIdOf(serviceWorker, url);
  const popup = await extContext.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabId}`);
  const list = popup.getByRole('list', { name: 'Found on this page' });
  await expect(list).toBeVisible();
  const count = (name: string) => list.locator('li.item').filter({ has: popup.getByText(name, { exact: true }) }).locator('.count');
  await expect(count('TikTok')).toHaveText('1');
  // "Hong Kong" stands alone three times (headline, first and second paragraphs); inside the law's
  // name and the slogan it belongs to those.
  await expect(count('Hong Kong')).toHaveText('3');
  await expect(count('Carrie Lam')).toHaveText('2');
  await popup.close();
});

test('turning the site off in the options removes the marks from the open tab, and on restores them', async ({
  page,
  server,
  extContext,
  extensionId,
}) => {
  await page.goto(server.url('/demo-article.html'));
  await waitForMarks(page);
  const options = await extContext.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByRole('textbox', { name: 'Add a site' }).fill('127.0.0.1');
  await options.getByRole('button', { name: 'Add' }).click();
  await expect(options.getByRole('list', { name: 'Sites where Backstory is off' })).toContainText('127.0.0.1');
  await expect.poll(() => markedTexts(page)).toEqual([]);
  await options.getByRole('button', { name: 'Remove 127.0.0.1' }).click();
  await expect.poll(async () => (await markedTexts(page)).length).toBeGreaterThan(3);
  await options.close();
});

test('the popup switch turns the site off and on', async ({ page, server, extContext, extensionId, serviceWorker }) => {
  const url = server.url('/demo-article.html');
  await page.goto(url);
  await waitForMarks(page);
  const popup = await extContext.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${await tabIdOf(serviceWorker, url)}`);
  const toggle = popup.getByRole('switch', { name: '127.0.0.1' });
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await toggle.click();
  await expect.poll(() => markedTexts(page)).toEqual([]);
  await expect(popup.getByRole('status')).toContainText('off on this site');
  await toggle.click();
  await expect.poll(async () => (await markedTexts(page)).length).toBeGreaterThan(3);
  await popup.close();
});

test('makes no network request of its own, and stores nothing about the pages', async ({ page, server, extContext, serviceWorker }) => {
  const seen: string[] = [];
  extContext.on('request', (r) => seen.push(r.url()));
  const before = server.requests.length;
  for (const p of ['/demo-article.html', '/excluded.html', '/demo-article.html?again']) {
    await page.goto(server.url(p));
    await waitForMarks(page);
  }
  await hoverMark(page, 'TikTok');
  await expect(page.getByRole('dialog', { name: 'TikTok' })).toBeVisible();
  const foreign = seen.filter((u) => !u.startsWith(server.origin + '/') && !u.startsWith('chrome-extension://'));
  expect(foreign).toEqual([]);
  // Nothing about the pages visited is kept: extension storage holds the settings, no more.
  const kept = await serviceWorker.evaluate(async () => ({
    sync: await chrome.storage.sync.get(null),
    local: await chrome.storage.local.get(null),
    session: await chrome.storage.session.get(null),
  }));
  expect(JSON.stringify(kept)).not.toContain('127.0.0.1');
  expect(JSON.stringify(kept)).not.toContain('demo-article');
  // The browser itself asks for a favicon; nothing else reaches the server.
  expect(server.requests.slice(before).filter((p) => p !== '/favicon.ico')).toEqual([
    '/demo-article.html',
    '/excluded.html',
    '/demo-article.html?again',
  ]);
});

test('tells the page nothing: no message reaches its window (one would carry our extension id)', async ({ page, server, extensionId }) => {
  await page.addInitScript(() => {
    const seen: unknown[] = [];
    (window as unknown as { __messages: unknown[] }).__messages = seen;
    window.addEventListener('message', (e) => seen.push(e.data));
  });
  await page.goto(server.url('/demo-article.html'));
  await waitForMarks(page, 4);
  await hoverMark(page, 'TikTok');
  await expect(page.getByRole('dialog', { name: 'TikTok' })).toBeVisible();
  const messages = await page.evaluate(() => (window as unknown as { __messages: unknown[] }).__messages);
  expect(messages).toEqual([]);
  expect(JSON.stringify(messages)).not.toContain(extensionId);
});
