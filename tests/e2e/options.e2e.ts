/** The options page, driving open tabs live; settings files in and out; accessibility. */
import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page, Worker } from '@playwright/test';
import { expect, hoverMark, markedTexts, tabIdOf, test, waitForMarks } from './fixtures';

async function openOptions(page: Page, extensionId: string) {
  const options = await page.context().newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByRole('heading', { name: 'Backstory settings' })).toBeVisible();
  return options;
}

const stored = (sw: Worker) => sw.evaluate(() => chrome.storage.sync.get('settings').then((r) => r.settings ?? null));

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

test('axe finds no accessibility violations on the options page and the popup', async ({ page, server, extensionId }) => {
  const options = await openOptions(page, extensionId);
  expect((await new AxeBuilder({ page: options }).analyze()).violations).toEqual([]);
  await options.emulateMedia({ colorScheme: 'dark' });
  expect((await new AxeBuilder({ page: options }).analyze()).violations).toEqual([]);
  await options.close();
  await page.goto(server.url('/demo-article.html'));
  await waitForMarks(page);
});
