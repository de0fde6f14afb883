/** The toolbar popup on a live tab: list, timeline, reveal, switches, badge, honest states. */
import AxeBuilder from '@axe-core/playwright';
import type { Page, Worker } from '@playwright/test';
import { ASKING_AGAIN_MARK, STARTING_GRACE_MS } from '../../entrypoints/popup/waiting';
import { expect, markedTexts, storedSettings, tabIdOf, test, waitForMarks } from './fixtures';

/** The tab opened last (tabIdOf needs Backstory to be answering on the tab already). */
const newestTabId = (serviceWorker: Worker) =>
  serviceWorker.evaluate(async () => Math.max(...(await chrome.tabs.query({})).map((t) => t.id ?? 0)));

async function openPopup(page: Page, extensionId: string, tabId: number) {
  const popup = await page.context().newPage();
  await popup.setViewportSize({ width: 420, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabId}`);
  return popup;
}

test('lists the entities weightiest first, with their kind, counts and summaries', async ({ page, server, extensionId, serviceWorker }) => {
  const url = server.url('/demo-article.html');
  await page.goto(url);
  await waitForMarks(page, 4);
  const popup = await openPopup(page, extensionId, await tabIdOf(serviceWorker, url));
  const list = popup.getByRole('list', { name: 'Found on this page' });
  await expect(list.locator('li.item').first()).toBeVisible();
  const names = await list.locator('.name').allTextContents();
  expect(names).toEqual(expect.arrayContaining(['TikTok', 'Telegram', 'Facebook', 'WhatsApp', 'Carrie Lam', 'Hong Kong', 'Great Firewall']));
  expect(await list.locator('li.item').count()).toBe(names.length);
  // Hong Kong is in the headline and named most; the Great Firewall once, near the end.
  expect(names[0]).toBe('Hong Kong');
  expect(names.indexOf('Great Firewall')).toBeGreaterThan(names.indexOf('TikTok'));
  await expect(list.locator('li.item').filter({ hasText: 'Carrie Lam' }).locator('.kind')).toHaveText('Person');
  await expect(list.locator('li.item').filter({ hasText: 'Carrie Lam' }).locator('.summary')).toContainText('Chief Executive');
  await popup.close();
});

test('the timeline merges every fact of the page in date order, and tells the 2020 story in order', async ({
  page,
  server,
  extensionId,
  serviceWorker,
}) => {
  const url = server.url('/demo-article.html');
  await page.goto(url);
  await waitForMarks(page, 4);
  const popup = await openPopup(page, extensionId, await tabIdOf(serviceWorker, url));
  await popup.getByRole('button', { name: 'All facts' }).click();
  const timeline = popup.getByRole('list', { name: 'Timeline' });
  await expect(timeline).toBeVisible();
  const dates = await timeline.locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')!));
  expect(dates).toEqual([...dates].sort());
  // Complete: every fact of every entity found, as the local database holds them.
  await expect(popup.locator('li.item').first()).toBeVisible();
  const ids = await popup.locator('li.item').evaluateAll((els) => els.map((e) => e.getAttribute('data-entity')!));
  const factCount = await serviceWorker.evaluate(async (wanted: string[]) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('backstory');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error('indexedDB.open failed'));
    });
    let n = 0;
    for (const id of wanted) {
      const entity = await new Promise<{ facts: unknown[] }>((resolve) => {
        const r = db.transaction('entities').objectStore('entities').get(id);
        r.onsuccess = () => resolve(r.result);
      });
      n += entity.facts.length;
    }
    db.close();
    return n;
  }, ids);
  expect(ids.length).toBeGreaterThan(5);
  expect(dates).toHaveLength(factCount);
  const rows = await timeline.getByRole('listitem').allTextContents();
  // The story, in order: the NPC decision, the law, the first arrest, the Article 43 rules, the platforms.
  const at = (pattern: RegExp) => rows.findIndex((r) => pattern.test(r));
  const steps = [/28 May 2020/, /30 Jun 2020/, /1 Jul 2020/, /6 Jul 2020/];
  const positions = steps.map(at);
  expect(positions.every((p) => p >= 0)).toBe(true);
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
  await popup.getByRole('button', { name: 'Show newest first' }).click();
  const newest = await timeline.locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')!));
  expect(newest).toEqual([...dates].reverse());
  await popup.close();
});

test('clicking an entity scrolls the page to it and opens its card', async ({ page, server, extensionId, serviceWorker }) => {
  const url = server.url('/demo-article.html');
  await page.setViewportSize({ width: 900, height: 400 });
  await page.goto(url);
  await waitForMarks(page, 4);
  const popup = await openPopup(page, extensionId, await tabIdOf(serviceWorker, url));
  await popup.getByRole('button', { name: /^Great Firewall/ }).click();
  await expect(page.getByRole('dialog', { name: 'Great Firewall' })).toBeVisible();
  const inView = await page.evaluate(() => {
    const r = [...CSS.highlights.get('backstory-underline')!].map((x) => x as Range).find((x) => x.toString() === 'Great Firewall')!;
    const rect = r.getBoundingClientRect();
    return rect.top >= 0 && rect.bottom <= innerHeight;
  });
  expect(inView).toBe(true);
  await popup.close();
});

test('a site switch that cannot be saved goes back, and the popup says what to do', async ({ page, server, extensionId, serviceWorker }) => {
  // A list of sites as full as the settings allow: not one more host of this one's length fits.
  const { items, sites } = await import('../../utils/settings').then(({ DEFAULT_SETTINGS, listFits, toStorage }) => {
    const list: string[] = [];
    const host = (i: number) => `h${i}`.padEnd(249, 'x').replace(/(.{60})/g, '$1.').slice(0, 249) + '.org';
    while (listFits('sites', [...list, host(list.length)])) list.push(host(list.length));
    // Then hosts as long as 127.0.0.1, into the last part's room, until no more fits.
    const short = (i: number) => `s${String(i).padStart(4, '0')}.org`;
    for (let i = 0; listFits('sites', [...list, short(i)]); i++) list.push(short(i));
    return { items: toStorage({ ...DEFAULT_SETTINGS, sites: list }), sites: list };
  });
  await serviceWorker.evaluate((i) => chrome.storage.sync.set(i), items);
  const url = server.url('/demo-article.html');
  await page.goto(url);
  await waitForMarks(page, 4);
  const popup = await openPopup(page, extensionId, await tabIdOf(serviceWorker, url));
  const site = popup.getByRole('switch', { name: '127.0.0.1' });
  await expect(site).toBeChecked();
  await site.click();
  await expect(popup.getByRole('alert')).toHaveText(
    'Your change could not be saved: the list of sites is longer than the browser can keep. Remove some entries, then try again. Your settings stay as they were.',
  );
  await expect(site).toBeChecked();
  expect((await storedSettings(serviceWorker))?.sites).toEqual(sites);
  expect((await markedTexts(page)).length).toBeGreaterThan(3);
  await popup.close();
});

test('the badge counts the entities on the tab and empties when the site is off', async ({ page, server, extensionId, serviceWorker }) => {
  const url = server.url('/demo-article.html');
  await page.goto(url);
  await waitForMarks(page, 4);
  const tabId = await tabIdOf(serviceWorker, url);
  const badge = () => serviceWorker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
  const popup = await openPopup(page, extensionId, tabId);
  await expect(popup.locator('li.item').first()).toBeVisible();
  const count = await popup.getByRole('list', { name: 'Found on this page' }).locator('li.item').count();
  await expect.poll(badge).toBe(String(count));
  await popup.getByRole('switch', { name: '127.0.0.1' }).click();
  await expect.poll(() => markedTexts(page)).toEqual([]);
  await expect.poll(badge).toBe('');
  await popup.getByRole('switch', { name: '127.0.0.1' }).click();
  await expect.poll(async () => (await markedTexts(page)).length).toBeGreaterThan(3);
  await expect.poll(badge).toBe(String(count));
  await popup.close();
});

test('the pause switch stops Backstory everywhere', async ({ page, server, extensionId, serviceWorker }) => {
  const url = server.url('/demo-article.html');
  await page.goto(url);
  await waitForMarks(page, 4);
  const popup = await openPopup(page, extensionId, await tabIdOf(serviceWorker, url));
  await popup.getByRole('switch', { name: 'Pause everywhere' }).click();
  await expect.poll(() => markedTexts(page)).toEqual([]);
  await expect(popup.getByRole('status')).toContainText('paused everywhere');
  await popup.getByRole('switch', { name: 'Pause everywhere' }).click();
  await expect.poll(async () => (await markedTexts(page)).length).toBeGreaterThan(3);
  await popup.close();
});

test('says so when nothing was found, and when the page cannot be read', async ({ page, server, extensionId, serviceWorker }) => {
  const url = server.url('/nothing.html');
  await page.goto(url);
  const popup = await openPopup(page, extensionId, await tabIdOf(serviceWorker, url));
  await expect(popup.getByRole('status')).toHaveText("Nothing from Backstory's dataset was found on this page.");
  await popup.close();

  const blank = await page.context().newPage();
  await blank.goto('about:blank');
  const blankId = await newestTabId(serviceWorker);
  const other = await openPopup(page, extensionId, blankId);
  await expect(other.getByRole('status')).toContainText('cannot read this page');
  await other.close();
  await blank.close();
});

test('a popup opened while its page loads waits for Backstory rather than call the page unreadable', async ({
  page,
  server,
  extensionId,
  serviceWorker,
}) => {
  const url = server.url('/demo-article.html');
  const tab = await page.context().newPage();
  await tab.goto('about:blank');
  const tabId = await newestTabId(serviceWorker);
  // The page's response is held: the tab is loading, and nothing of Backstory is on it yet.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await tab.route(url, async (route) => {
    await held;
    await route.continue();
  });
  const loading = tab.goto(url);
  const popup = await openPopup(page, extensionId, tabId);
  // The popup decides again to wait for the page later than it would wait after a page has loaded.
  await expect
    .poll(() =>
      popup.evaluate(
        ({ mark, grace }) => {
          const asks = performance.getEntriesByName(mark);
          return asks.length > 1 && asks.at(-1)!.startTime - asks[0]!.startTime > grace;
        },
        { mark: ASKING_AGAIN_MARK, grace: STARTING_GRACE_MS },
      ),
    )
    .toBe(true);
  await expect(popup.getByRole('status')).toHaveText('Scanning this page…');
  release();
  await loading;
  await expect(popup.getByRole('list', { name: 'Found on this page' })).toBeVisible();
  await expect(popup.getByRole('status').first()).not.toContainText('cannot read');
  await popup.close();
  await tab.close();
});

test('the page answers the popup while it waits to be read, saying it is scanning', async ({ page, server, serviceWorker }) => {
  // The page is never idle, so Backstory waits its longest (half a second) before reading it.
  await page.goto(server.url('/busy.html'), { waitUntil: 'commit' });
  const tabId = await newestTabId(serviceWorker);
  const ask = () =>
    serviceWorker.evaluate(
      (id) => chrome.tabs.sendMessage(id, { type: 'summary' }, { frameId: 0 }).then(
        (r: { scanning: boolean; found: unknown[] }) => ({ scanning: r.scanning, found: r.found.length }),
        () => undefined,
      ),
      tabId,
    );
  let first: Awaited<ReturnType<typeof ask>>;
  await expect.poll(async () => (first = await ask()), { intervals: [20] }).toBeDefined();
  expect(first).toEqual({ scanning: true, found: 0 });
  await expect.poll(ask).toEqual({ scanning: false, found: 2 });
});

test('axe finds no accessibility violations in the popup, light and dark', async ({ page, server, extensionId, serviceWorker }) => {
  const url = server.url('/demo-article.html');
  await page.goto(url);
  await waitForMarks(page, 4);
  const popup = await openPopup(page, extensionId, await tabIdOf(serviceWorker, url));
  await popup.getByRole('button', { name: 'All facts' }).click();
  await expect(popup.getByRole('list', { name: 'Timeline' })).toBeVisible();
  await expect(popup.getByRole('region', { name: 'This page’s story' })).toBeVisible();
  expect((await new AxeBuilder({ page: popup }).analyze()).violations).toEqual([]);
  await popup.emulateMedia({ colorScheme: 'dark' });
  expect((await new AxeBuilder({ page: popup }).analyze()).violations).toEqual([]);
  await popup.close();
});
