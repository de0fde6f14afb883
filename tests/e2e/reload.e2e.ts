/**
 * Updates and reloads while pages are open: a new copy of the content script takes over from the
 * old one, and an orphaned copy stops quietly.
 */
import { expect, hoverMark, launchWithExtension, markedTexts, test, waitForMarks, watchConsole } from './fixtures';

test('a new content script (as injected after an update) takes over the open page from the old one', async ({
  page,
  server,
  serviceWorker,
}) => {
  const errors = watchConsole(page);
  const url = server.url('/demo-article.html');
  await page.goto(url);
  await waitForMarks(page, 4);
  const before = await markedTexts(page);
  const scans = () => page.evaluate(() => performance.getEntriesByName('backstory:scan').length);
  const scansBefore = await scans();
  // What the background does for open tabs on install and update.
  await serviceWorker.evaluate(async (u) => {
    const [tab] = await chrome.tabs.query({ url: u });
    await chrome.scripting.executeScript({ target: { tabId: tab!.id! }, files: ['/starter.js'] });
  }, url);
  await expect.poll(scans).toBeGreaterThan(scansBefore);
  // One set of marks, not two; the card opens once; page changes are handled by one script.
  await expect.poll(() => markedTexts(page)).toEqual(before);
  await hoverMark(page, 'TikTok');
  await expect(page.getByRole('dialog', { name: 'TikTok' })).toHaveCount(1);
  expect(await page.locator('backstory-card').count()).toBe(1);
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.textContent = 'A late paragraph about WeChat.';
    document.querySelector('article')!.append(p);
  });
  await expect.poll(() => markedTexts(page)).toEqual([...before, 'WeChat']);
  expect(errors).toEqual([]);
});

test('when the extension goes away under an open page, its content script stops quietly', async ({ server }) => {
  // A browser of its own: the extension does not come back in this one.
  const context = await launchWithExtension();
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(server.url('/demo-article.html'));
    await waitForMarks(page, 4);
    // In automation a reloaded command-line extension stays unloaded: the page's script is orphaned.
    const gone = new Promise((resolve) => worker.once('close', resolve));
    void worker.evaluate(() => chrome.runtime.reload()).catch(() => {});
    await gone;
    // Everything that would make an orphan talk to a dead extension: hover, page changes.
    await page.mouse.move(10, 10);
    await hoverMark(page, 'TikTok').catch(() => {});
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.textContent = 'WeChat, added after the extension left.';
      document.body.append(p);
    });
    // The orphan notices at the first event it handles (the hover above), stops, and takes its
    // marks away: after that moment nothing of it can mark the new paragraph or open a card.
    await expect.poll(() => markedTexts(page)).toEqual([]);
    await expect(page.getByRole('dialog')).toHaveCount(0);
    expect(errors).toEqual([]);
  } finally {
    // A browser whose extension vanished can be slow to close; do not let that hold the run.
    await Promise.race([context.close(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
  }
});
