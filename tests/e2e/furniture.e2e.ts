/** The article's own mentions, and nothing in the page furniture around it. */
import { expect, markedTexts, test } from './fixtures';

test('marks the article and leaves link lists, asides, promos and footers alone', async ({ page, server }) => {
  await page.goto(server.url('/furniture.html'));
  // Everything is decided by the first full scan: wait for it, then read what it marked.
  await page.waitForFunction(() => performance.getEntriesByName('backstory:scan').length > 0);
  expect(await markedTexts(page)).toEqual(['Facebook', 'WhatsApp', 'Twitter']);
});
