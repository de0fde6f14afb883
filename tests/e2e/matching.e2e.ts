/** What gets marked, in a real Chromium: split elements, first mentions, dynamic pages, frames. */
import type { Frame, Worker } from '@playwright/test';
import { expect, markedTexts, test, waitForMarks, waitForScans } from './fixtures';

test('finds mentions split across inline elements as one, without touching the DOM', async ({ page, server }) => {
  await page.goto(server.url('/split.html'));
  const before = await page.evaluate(() => document.body.innerHTML);
  const marked = await waitForMarks(page, 3);
  expect(marked).toEqual(['Hong Kong national security law', 'Carrie Lam', 'TikTok']);
  const containers = await page.evaluate(() =>
    [...(CSS.highlights.get('backstory-underline') ?? [])].map((r) => {
      const range = r as Range;
      return [range.startContainer.parentElement!.tagName, range.endContainer.parentElement!.tagName];
    }),
  );
  expect(containers).toEqual([
    ['EM', 'P'],
    ['P', 'P'],
    ['P', 'SPAN'],
  ]);
  expect(await page.evaluate(() => document.body.innerHTML)).toBe(before);
});

test('reads where text nodes meet as a reader does: blocks apart, words whole, hidden and buttons left out', async ({ page, server }) => {
  await page.goto(server.url('/seams.html'));
  // The raw text runs "TikTokThe app…", "GoogleFacebook", "TikTokers" and "Telegrammers": only the
  // close reading tells a heading or a list item from a longer word.
  const marked = await waitForMarks(page, 5);
  expect(marked).toEqual(['TikTok', 'Hong Kong', 'Google', 'Facebook', 'Telegram']);
  const telegram = await page.evaluate(() =>
    [...(CSS.highlights.get('backstory-underline') ?? [])]
      .map((r) => r as Range)
      .filter((r) => r.toString() === 'Telegram')
      .map((r) => (r.startContainer.parentElement as HTMLElement).id),
  );
  expect(telegram).toEqual(['read-more']);
});

test('marks the first mention of each entity, or every mention when the reader asks', async ({ page, server, serviceWorker }) => {
  await page.goto(server.url('/split.html'));
  await waitForMarks(page, 3);
  expect((await markedTexts(page)).filter((t) => t.startsWith('Tik'))).toHaveLength(1);
  await serviceWorker.evaluate(() => chrome.storage.sync.set({ settings: { version: 1, allMentions: true } }));
  await expect.poll(async () => (await markedTexts(page)).filter((t) => t === 'TikTok')).toHaveLength(3);
});

test('marks text the page adds later, drops marks whose text is removed, and rescans on SPA navigation', async ({ page, server }) => {
  await page.goto(server.url('/dynamic.html'));
  await waitForScans(page);
  expect(await markedTexts(page)).toEqual([]);
  await page.evaluate(() => (window as unknown as { addStory: (id: string, t: string) => void }).addStory('s1', 'Telegram said it would not process the requests.'));
  await expect.poll(() => markedTexts(page)).toEqual(['Telegram']);
  await page.evaluate(() => (window as unknown as { addStory: (id: string, t: string) => void }).addStory('s2', 'Later, Telegram and Google said more.'));
  // First mention only: the second Telegram stays unmarked, Google is new.
  await expect.poll(() => markedTexts(page)).toEqual(['Telegram', 'Google']);
  await page.evaluate(() => (window as unknown as { removeStory: (id: string) => void }).removeStory('s1'));
  // The first Telegram is gone: the next one becomes the first mention.
  await expect.poll(() => markedTexts(page)).toEqual(['Telegram', 'Google']);
  const where = await page.evaluate(() => [...CSS.highlights.get('backstory-underline')!].map((r) => (r as Range).startContainer.parentElement!.id));
  expect(where).toEqual(['s2', 's2']);
  await page.evaluate(() =>
    (window as unknown as { navigateTo: (p: string, t: string) => void }).navigateTo('/story/2', 'WhatsApp paused its reviews.'),
  );
  await expect.poll(() => markedTexts(page)).toEqual(['WhatsApp']);
});

test('marks same-origin frames', async ({ page, server }) => {
  await page.goto(server.url('/frames.html'));
  await waitForMarks(page, 1);
  expect(await markedTexts(page)).toContain('Telegram');
  const frame = page.frame({ url: /frame-inner/ })!;
  await expect.poll(() => frame.evaluate(() => [...(CSS.highlights.get('backstory-underline') ?? [])].map((r) => (r as Range).toString()))).toEqual([
    'TikTok',
  ]);
});

test('marks text inside open shadow roots', async ({ page, server }) => {
  await page.goto(server.url('/frames.html'));
  await expect.poll(() => markedTexts(page)).toContain('WhatsApp');
  const inShadow = await page.evaluate(() =>
    [...CSS.highlights.get('backstory-underline')!].some((r) => (r as Range).startContainer.getRootNode() instanceof ShadowRoot),
  );
  expect(inShadow).toBe(true);
});

/** The names of the performance entries a frame holds, of those our scripts set as each starts or ends. */
const startEntries = (frame: Frame) =>
  frame.evaluate(() =>
    ['backstory:started', 'backstory:waiting', 'backstory:scanner-started', 'backstory:runner-started', 'backstory:scan'].filter(
      (name) => performance.getEntriesByName(name).length > 0,
    ),
  );
const frameMarks = (frame: Frame) => frame.evaluate(() => [...(CSS.highlights.get('backstory-underline') ?? [])].map((r) => (r as Range).toString()));

test('reads a frame that holds an article, and leaves a one-line ad frame unread', async ({ page, server }) => {
  await page.goto(server.url('/frames-mixed.html'));
  const frame = (slot: string) => page.frames().find((f) => f.url().includes(slot))!;
  // Each ad frame has decided it has nothing to read yet, in the task that started it.
  for (const slot of ['leaderboard', 'rectangle']) await expect.poll(() => startEntries(frame(slot))).toContain('backstory:waiting');
  await expect.poll(() => startEntries(frame('frame-article'))).toContain('backstory:scan');
  expect(await frameMarks(frame('frame-article'))).toEqual(['WhatsApp']);
  await waitForScans(page);
  expect(await markedTexts(page)).toEqual(['Google']);
  // The ad names Telegram, which a runner in its frame would have marked.
  for (const slot of ['leaderboard', 'rectangle']) {
    expect(await startEntries(frame(slot))).toEqual(['backstory:started', 'backstory:waiting']);
    expect(await frameMarks(frame(slot))).toEqual([]);
  }
});

test('reads a small frame once its text grows into an article', async ({ page, server }) => {
  await page.goto(server.url('/frames-mixed.html'));
  const grows = page.frames().find((f) => f.url().includes('slot=grows'))!;
  await expect.poll(() => startEntries(grows)).toContain('backstory:waiting');
  expect(await startEntries(grows)).not.toContain('backstory:runner-started');
  await grows.evaluate(() => {
    const p = document.createElement('p');
    p.textContent =
      'Later the frame loads a story: TikTok said it would move the data of its users to servers in another country, ' +
      'and that an outside firm would check the move. Critics said the plan left the main questions open.';
    document.body.append(p);
  });
  await expect.poll(() => startEntries(grows)).toContain('backstory:scan');
  expect(await frameMarks(grows)).toEqual(['Telegram', 'TikTok']);
});

test('reads a frame too small to read once its box grows around an article', async ({ page, server }) => {
  await page.goto(server.url('/frames-mixed.html'));
  const leaderboard = page.frames().find((f) => f.url().includes('slot=leaderboard'))!;
  await expect.poll(() => startEntries(leaderboard)).toContain('backstory:waiting');
  // A story in a box of 728 by 90: too small to be read yet…
  await leaderboard.evaluate(() => {
    const p = document.createElement('p');
    p.textContent =
      'The frame now carries a story: TikTok said it would stop offering its app in the city within days, ' +
      'and Facebook said it had paused answering requests for the data of its users while it looked at the new rules.';
    document.body.append(p);
  });
  // …until the page makes the box big enough.
  await page.locator('#leaderboard').evaluate((frame: HTMLIFrameElement) => (frame.height = '300'));
  await expect.poll(() => startEntries(leaderboard)).toContain('backstory:scan');
  expect(await frameMarks(leaderboard)).toEqual(['Telegram', 'TikTok', 'Facebook']);
});

/**
 * Records what comes to the background over each port a page opens (utils/stages.ts,
 * CHANNEL_PORT): the returned function reads the request types, a list a port.
 */
async function recordPorts(serviceWorker: Worker): Promise<() => Promise<string[][]>> {
  await serviceWorker.evaluate(() => {
    const ports: string[][] = [];
    (globalThis as { portsSeen?: string[][] }).portsSeen = ports;
    chrome.runtime.onConnect.addListener((port) => {
      const types: string[] = [];
      ports.push(types);
      port.onMessage.addListener((envelope: { body?: { type?: string } }) => void types.push(String(envelope.body?.type)));
    });
  });
  return async () => (await serviceWorker.evaluate(() => (globalThis as { portsSeen?: string[][] }).portsSeen)) ?? [];
}

test('a frame asks to start, has its text matched and reports what it found over one port', async ({ page, server, serviceWorker }) => {
  const ports = await recordPorts(serviceWorker);
  await page.goto(server.url('/demo-article.html'));
  await waitForMarks(page);
  await expect.poll(async () => (await ports()).flat()).toContain('found');
  const [port, ...others] = await ports();
  expect(others).toEqual([]);
  expect(port![0]).toBe('start');
  expect(port).toContain('occurrences');
  // The marks' stylesheet, asked for before the page's report, as the first mark is made.
  expect(port!.indexOf('mark-styles')).toBeGreaterThan(port!.indexOf('occurrences'));
  expect(port!.indexOf('mark-styles')).toBeLessThan(port!.indexOf('found'));
});

test('a page that mentions nothing is read, but gets no stylesheet for marks', async ({ page, server, serviceWorker }) => {
  const ports = await recordPorts(serviceWorker);
  await page.goto(server.url('/nothing.html'));
  await waitForScans(page);
  const types = async () => (await ports()).flat();
  // The report ends what a scan asks: a stylesheet would have been asked for before it.
  await expect.poll(types).toContain('found');
  expect(await types()).toEqual(expect.arrayContaining(['start', 'occurrences']));
  expect(await types()).not.toContain('mark-styles');
  expect(await page.evaluate(() => performance.getEntriesByName('backstory:styled').length)).toBe(0);
});
