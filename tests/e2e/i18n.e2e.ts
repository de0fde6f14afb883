/**
 * The UI in the browser's language: Chromium started with LANGUAGE=zh_TW (or zh_CN) — Debian's
 * chromium-l10n provides the language packs; `--lang` alone does nothing on Linux — shows the
 * options page, the popup and the card from public/_locales/zh_TW (zh_CN). The dataset's own text
 * (names, facts) stays as it is.
 */
import type { BrowserContext, Worker } from '@playwright/test';
import { EXTENSION_DIR, expect, hoverMark, launchWithExtension, tabIdOf, test, waitForMarks } from './fixtures';

async function start(language: string): Promise<{ context: BrowserContext; worker: Worker; id: string }> {
  const context = await launchWithExtension(EXTENSION_DIR, { LANGUAGE: language });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return { context, worker, id: new URL(worker.url()).host };
}

test.describe('Traditional Chinese (LANGUAGE=zh_TW)', () => {
  let ext: Awaited<ReturnType<typeof start>>;
  test.beforeAll(async () => {
    ext = await start('zh_TW');
  });
  test.afterAll(async () => {
    await ext?.context.close();
  });

  test('the browser reports a Chinese UI language', async () => {
    expect(await ext.worker.evaluate(() => chrome.i18n.getUILanguage())).toBe('zh-TW');
  });

  test('the options page is in Traditional Chinese', async () => {
    const options = await ext.context.newPage();
    await options.goto(`chrome-extension://${ext.id}/options.html`);
    await expect(options.getByRole('heading', { level: 1, name: 'Backstory 設定' })).toBeVisible();
    await expect(options).toHaveTitle('Backstory 設定');
    expect(await options.evaluate(() => document.documentElement.lang)).toBe('zh-TW');
    await expect(options.getByRole('radio', { name: '只在清單中的網站' })).toBeVisible();
    await expect(options.getByRole('checkbox', { name: '人物' })).toBeChecked();

    // An error from utils/sites.ts, translated by the view.
    await options.getByRole('textbox', { name: '新增網站' }).fill('news.*.com');
    await options.getByRole('button', { name: '新增', exact: true }).click();
    await expect(options.getByText('萬用字元只能放在開頭，例如 *.example.com。')).toBeVisible();
    await options.close();
  });

  test('the card on a page, and the popup, are in Traditional Chinese', async ({ server }) => {
    const page = await ext.context.newPage();
    await page.goto(server.url('/demo-article.html'));
    await waitForMarks(page);
    await hoverMark(page, 'TikTok');
    const card = page.getByRole('dialog', { name: 'TikTok' });
    await expect(card).toBeVisible();
    await expect(card.getByRole('button', { name: '隱藏此詞條' })).toBeVisible();
    await expect(card.getByRole('button', { name: '在此網站關閉' })).toBeVisible();
    await expect(card.getByRole('button', { name: '關閉', exact: true })).toBeVisible();
    await expect(card.getByRole('list', { name: '附日期的事實' })).toBeVisible();
    await expect(card.locator('.category')).toHaveText('產品');
    await expect(card.locator('time').first()).toHaveText(/^\d{4}年\d{1,2}月(\d{1,2}日)?$/);

    const tabId = await tabIdOf(ext.worker, page.url());
    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.id}/popup.html?tabId=${tabId}`);
    await expect(popup.getByRole('list', { name: '在此頁面找到' })).toBeVisible();
    await expect(popup.getByRole('region', { name: '本頁的來龍去脈' })).toBeVisible();
    await expect(popup.locator('li.item').filter({ hasText: 'Carrie Lam' }).locator('.kind')).toHaveText('人物');
    await expect(popup.getByRole('button', { name: '所有事實' })).toBeVisible();
    await expect(popup.getByRole('switch', { name: '在所有網站暫停' })).toBeVisible();
    await expect(popup.getByRole('status')).toHaveText(/^\d+ 個詞條，提及 \d+ 次$/);
    await expect(popup.getByRole('link', { name: '設定' })).toBeVisible();
    await popup.close();
    await page.close();
  });
});

test.describe('Simplified Chinese (LANGUAGE=zh_CN)', () => {
  test('the options page is in Simplified Chinese', async () => {
    const ext = await start('zh_CN');
    try {
      const options = await ext.context.newPage();
      await options.goto(`chrome-extension://${ext.id}/options.html`);
      await expect(options.getByRole('heading', { level: 1, name: 'Backstory 设置' })).toBeVisible();
      expect(await options.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
      await expect(options.getByRole('button', { name: '导出设置' })).toBeVisible();
    } finally {
      await ext.context.close();
    }
  });
});
