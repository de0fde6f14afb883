/** The options page, driving open tabs live; settings files in and out; accessibility. */
import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, hoverMark, markedTexts, storedSettings as stored, tabIdOf, test, waitForMarks } from './fixtures';

async function openOptions(page: Page, extensionId: string) {
  const options = await page.context().newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByRole('heading', { name: 'Backstory settings' })).toBeVisible();
  return options;
}

test('"only on the sites listed" marks only listed sites', async ({ page, server, extensionId }) => {
  await page.goto(server.url('/demo-article.html'));
  await waitForMarks(page);
  const options = await openOptions(page, extensionId);
  await options.getByRole('radio', { name: 'Only on the sites listed' }).check();
  await expect.poll(() => markedTexts(page)).toEqual([]);
  await options.getByRole('textbox', { name: 'Add a site' }).fill('http://127.0.0.1:8080/some/page');
  await options.getByRole('button', { name: 'Add' }).click();
  await expect(options.getByText('Using the site\'s host name, 127.0.0.1, from the address. Added 127.0.0.1.')).toBeVisible();
  await expect.poll(async () => (await markedTexts(page)).length).toBeGreaterThan(3);
  await options.close();
});

test('refuses a site that is not a host name, saying why', async ({ page, extensionId, serviceWorker }) => {
  const options = await openOptions(page, extensionId);
  await options.getByRole('textbox', { name: 'Add a site' }).fill('news.*.com');
  await options.getByRole('button', { name: 'Add' }).click();
  await expect(options.getByText('A wildcard may only stand at the start, as in *.example.com.')).toBeVisible();
  expect(await stored(serviceWorker)).toBeNull();
  await options.close();
});

test('changing the mark style and the categories updates an open tab', async ({ page, server, extensionId }) => {
  await page.goto(server.url('/demo-article.html'));
  await waitForMarks(page);
  const options = await openOptions(page, extensionId);
  await options.getByRole('radio', { name: 'Background colour' }).check();
  await expect
    .poll(() => page.evaluate(() => [CSS.highlights.has('backstory-underline'), CSS.highlights.get('backstory-background')?.size ?? 0]))
    .toEqual([false, expect.any(Number)]);
  expect(await page.evaluate(() => CSS.highlights.get('backstory-background')!.size)).toBeGreaterThan(3);
  await options.getByRole('checkbox', { name: 'Products' }).uncheck();
  await expect.poll(() => markedTexts(page)).not.toContain('TikTok');
  expect(await markedTexts(page)).toContain('Carrie Lam');
  await options.getByRole('radio', { name: /^None/ }).check();
  await expect.poll(() => markedTexts(page)).toEqual([]);
  await options.close();
});

test('export then import round-trips the settings; a bad file changes nothing', async ({ page, extensionId, serviceWorker }, testInfo) => {
  const options = await openOptions(page, extensionId);
  await options.getByRole('textbox', { name: 'Add a site' }).fill('*.example.com');
  await options.getByRole('button', { name: 'Add' }).click();
  await options.getByRole('checkbox', { name: /Mark every mention/ }).check();
  await expect.poll(() => stored(serviceWorker)).toMatchObject({ sites: ['*.example.com'], allMentions: true });
  const saved = await stored(serviceWorker);

  const download = options.waitForEvent('download');
  await options.getByRole('button', { name: 'Export settings' }).click();
  const file = testInfo.outputPath('settings.json');
  await (await download).saveAs(file);
  expect(JSON.parse(fs.readFileSync(file, 'utf8')).settings).toEqual(saved);

  // Change everything back, then import.
  await options.getByRole('button', { name: 'Remove *.example.com' }).click();
  await options.getByRole('checkbox', { name: /Mark every mention/ }).uncheck();
  await expect.poll(() => stored(serviceWorker)).toMatchObject({ sites: [], allMentions: false });
  await options.getByLabel('Import settings').setInputFiles(file);
  await expect(options.getByText('Imported settings from settings.json.')).toBeVisible();
  await expect.poll(() => stored(serviceWorker)).toEqual(saved);
  await expect(options.getByRole('list', { name: 'Sites where Backstory is off' })).toContainText('*.example.com');

  // Bad files: refused with a reason, settings exactly as they were.
  for (const [name, body, reason] of [
    ['notes.txt', 'this is not json', 'not JSON'],
    ['other.json', '{"sites": ["a.com"]}', 'not a Backstory settings file'],
    ['future.json', JSON.stringify({ kind: 'backstory-settings', settings: { ...saved, version: 9 } }), 'newer version'],
    ['hostile.json', JSON.stringify({ kind: 'backstory-settings', settings: { ...saved, sites: ['<img src=x onerror=alert(1)>'] } }), '<img src=x onerror=alert(1)>'],
    ['huge.json', ' '.repeat(1024 * 1024 + 10), 'at most 1 MB'],
  ] as const) {
    await options.getByLabel('Import settings').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(body) });
    await expect(options.getByText(reason, { exact: false })).toBeVisible();
    expect(await stored(serviceWorker)).toEqual(saved);
  }
  // The hostile string is shown as text: no image element was made from it.
  expect(await options.locator('img').count()).toBe(0);
  await options.close();
});

test('an open options page shows at once what the popup and a card change', async ({ page, server, extensionId, serviceWorker }) => {
  const url = server.url('/demo-article.html');
  await page.goto(url);
  await waitForMarks(page);
  const options = await openOptions(page, extensionId);
  const pause = options.getByRole('switch', { name: 'Pause Backstory everywhere' });
  await expect(pause).not.toBeChecked();

  const popup = await page.context().newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${await tabIdOf(serviceWorker, url)}`);
  await popup.getByRole('switch', { name: 'Pause everywhere' }).click();
  await expect(pause).toBeChecked();
  await popup.getByRole('switch', { name: 'Pause everywhere' }).click();
  await expect(pause).not.toBeChecked();
  await popup.close();

  await waitForMarks(page);
  await hoverMark(page, 'Telegram');
  await page.getByRole('dialog', { name: 'Telegram' }).getByRole('button', { name: 'Turn off on this site' }).click();
  await expect(options.getByRole('list', { name: 'Sites where Backstory is off' })).toContainText('127.0.0.1');
  await options.close();
});

/** A settings file as "Export settings" writes it, with these sites. */
function settingsFile(sites: string[]): Buffer {
  const settings = { version: 2, paused: false, siteMode: 'everywhere-except', sites, hiddenCategories: [], allMentions: false, markStyle: 'underline', hoverDelayMs: 200, hiddenEntities: [] };
  return Buffer.from(JSON.stringify({ kind: 'backstory-settings', settings }));
}

test('a settings file of 400 sites is imported and read back whole after the page is reopened', async ({ page, extensionId, serviceWorker }) => {
  const sites = Array.from({ length: 400 }, (_, i) => `site-number-${i}-of-a-long-list.example.com`);
  let options = await openOptions(page, extensionId);
  await options.getByLabel('Import settings').setInputFiles({ name: 'many.json', mimeType: 'application/json', buffer: settingsFile(sites) });
  await expect(options.getByText('Imported settings from many.json.')).toBeVisible();
  await expect(options.getByRole('alert')).toHaveCount(0);
  await options.close();
  options = await openOptions(page, extensionId);
  const list = options.getByRole('list', { name: 'Sites where Backstory is off' }).getByRole('listitem');
  await expect(list).toHaveCount(400);
  expect((await list.locator('span').allTextContents())).toEqual(sites);
  expect((await stored(serviceWorker))?.sites).toEqual(sites);
  // More than one storage item holds them: one alone is over storage.sync's quota per item.
  const quota = await serviceWorker.evaluate(() => chrome.storage.sync.QUOTA_BYTES_PER_ITEM);
  expect(JSON.stringify(sites).length).toBeGreaterThan(quota);
  await options.close();
});

test('a damaged entry in stored lists drops only itself', async ({ page, extensionId, serviceWorker }) => {
  await serviceWorker.evaluate(() =>
    chrome.storage.sync.set({ sites: ['example.com', 42, 'news.example.org', '*.wire.example.net'], hiddenEntities: ['tiktok', { id: 'x' }, 'telegram'] }),
  );
  const options = await openOptions(page, extensionId);
  await expect(options.getByRole('list', { name: 'Sites where Backstory is off' }).locator('span')).toHaveText(['example.com', 'news.example.org', '*.wire.example.net']);
  await expect(options.getByRole('list', { name: 'Hidden terms' }).locator('span')).toHaveText(['TikTok', 'Telegram']);
  await options.close();
});

test('the longest list of sites that is valid is saved; one more is refused in plain words, and the list stays', async ({ page, extensionId, serviceWorker }) => {
  // Host names of 253 characters, the longest there are, as many as the settings allow.
  const { sites, next } = await import('../../utils/settings').then(({ listFits }) => {
    const host = (i: number) => `h${i}`.padEnd(249, 'x').replace(/(.{60})/g, '$1.').slice(0, 249) + '.org';
    const list: string[] = [];
    while (listFits('sites', [...list, host(list.length)])) list.push(host(list.length));
    return { sites: list, next: host(list.length) };
  });
  const options = await openOptions(page, extensionId);
  await options.getByLabel('Import settings').setInputFiles({ name: 'full.json', mimeType: 'application/json', buffer: settingsFile(sites) });
  await expect(options.getByText('Imported settings from full.json.')).toBeVisible();
  expect((await stored(serviceWorker))?.sites).toEqual(sites);
  await options.getByRole('textbox', { name: 'Add a site' }).fill(next);
  await options.getByRole('button', { name: 'Add' }).click();
  await expect(options.getByRole('alert')).toHaveText(
    'Your change could not be saved: the list of sites is longer than the browser can keep. Remove some entries, then try again. Your settings stay as they were.',
  );
  await expect(options.getByRole('list', { name: 'Sites where Backstory is off' }).getByRole('listitem')).toHaveCount(sites.length);
  expect((await stored(serviceWorker))?.sites).toEqual(sites);
  await options.close();
});

test('axe finds no accessibility violations on the options page and the popup', async ({ page, server, extensionId }) => {
  const options = await openOptions(page, extensionId);
  expect((await new AxeBuilder({ page: options }).analyze()).violations).toEqual([]);
  await options.emulateMedia({ colorScheme: 'dark' });
  expect((await new AxeBuilder({ page: options }).analyze()).violations).toEqual([]);
  await options.close();
  await page.goto(server.url('/demo-article.html'));
  await waitForMarks(page);
});
