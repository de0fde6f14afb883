/** The article's own mentions, and nothing in the page furniture around it; context for text added later. */
import { expect, markedTexts, test } from './fixtures';

test('marks the article and leaves link lists, asides, promos and footers alone', async ({ page, server }) => {
  await page.goto(server.url('/furniture.html'));
  // Everything is decided by the first full scan: wait for it, then read what it marked.
  await page.waitForFunction(() => performance.getEntriesByName('backstory:scan').length > 0);
  expect(await markedTexts(page)).toEqual(['Facebook', 'WhatsApp', 'Twitter']);
});

test('text added later is marked when the page it joins gives the context its alias needs', async ({ page, server }) => {
  await page.goto(server.url('/context.html'));
  await page.waitForFunction(() => performance.getEntriesByName('backstory:scan').length > 0);
  expect(await markedTexts(page)).toEqual(['Hong Kong']);
  // "NSL" counts only on a page that says "Hong Kong", which the page said before this was added.
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.textContent = 'Update: the NSL took effect at 11pm.';
    document.getElementById('feed')!.append(p);
  });
  await expect.poll(() => markedTexts(page)).toEqual(['Hong Kong', 'NSL']);
});
