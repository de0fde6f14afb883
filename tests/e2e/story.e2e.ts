/**
 * Context that fits the page: on a report dated 7 July 2020 about TikTok leaving Hong Kong, the
 * card leads with the exit, says what ties it to the page, and sets apart what happened since; the
 * popup draws the page's story around the article's date.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, hoverMark, tabIdOf, test, waitForMarks } from './fixtures';

const DATED = '/tiktok-exit-2020.html';
const UNDATED = '/tiktok-exit-undated.html';

async function tiktokCard(page: Page, path: string, url: (p: string) => string) {
  await page.goto(url(path));
  await waitForMarks(page, 3);
  await hoverMark(page, 'TikTok');
  const card = page.getByRole('dialog', { name: 'TikTok' });
  await expect(card).toBeVisible();
  return card;
}

test('on a dated page the card leads with the fact that ties TikTok to it, and sets apart what came after', async ({ page, server }) => {
  const card = await tiktokCard(page, DATED, server.url);
  const lead = card.getByRole('list', { name: 'Dated facts' }).getByRole('listitem');
  const first = lead.first();
  await expect(first.locator('time')).toHaveAttribute('datetime', '2020-07-06');
  await expect(first).toContainText('stop operating in Hong Kong');
  await expect(first.locator('.ties')).toHaveText(/^also on this page: .*Hong Kong/);
  // Nothing dated after the article is in the lead.
  for (const date of await lead.locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')!))) {
    expect(date.slice(0, 10) <= '2020-07-07').toBe(true);
  }

  const since = card.getByRole('region', { name: 'Since this article' });
  await expect(since).toBeVisible();
  const later = since.getByRole('listitem');
  await expect(later.nth(0).locator('time')).toHaveAttribute('datetime', '2020-08-06');
  await expect(later.nth(0)).toContainText('executive order');
  await expect(later.nth(0).locator('.later')).toHaveText('4 weeks later');
  await expect(later.nth(0).locator('.ties')).toContainText('ByteDance');
  await expect(later.nth(1).locator('time')).toHaveAttribute('datetime', '2024-04-24');
  await expect(later.nth(1).locator('.later')).toHaveText('3 years later');

  // The related entity the page names comes first.
  await expect(card.getByRole('region', { name: 'Related' }).getByRole('listitem').first()).toContainText('ByteDance');
  expect((await new AxeBuilder({ page }).include('backstory-card').analyze()).violations).toEqual([]);
});

test('on the same text without a date, tied facts still come first, newest first, and nothing is set apart', async ({ page, server }) => {
  const card = await tiktokCard(page, UNDATED, server.url);
  await expect(card.getByRole('region', { name: 'Since this article' })).toHaveCount(0);
  await card.getByRole('button', { name: /Show \d+ more facts?/ }).click();
  const items = card.getByRole('list', { name: 'Dated facts' }).getByRole('listitem');
  const rows = await items.evaluateAll((els) =>
    els.map((e) => ({ date: e.querySelector('time')!.getAttribute('datetime')!, tied: e.querySelector('.ties') !== null })),
  );
  expect(rows.length).toBeGreaterThan(3);
  const firstUntied = rows.findIndex((r) => !r.tied);
  const tied = firstUntied === -1 ? rows : rows.slice(0, firstUntied);
  expect(tied.length).toBeGreaterThan(0);
  expect(rows.slice(tied.length).every((r) => !r.tied)).toBe(true);
  expect(tied.map((r) => r.date)).toEqual(tied.map((r) => r.date).sort().reverse());
  await expect(items.first()).toContainText('also on this page');
});

test("the popup draws the page's story around the article's date, and keeps every fact behind \"All facts\"", async ({
  page,
  server,
  extensionId,
  serviceWorker,
}) => {
  const url = server.url(DATED);
  await page.goto(url);
  await waitForMarks(page, 3);
  const popup = await page.context().newPage();
  await popup.setViewportSize({ width: 420, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${await tabIdOf(serviceWorker, url)}`);

  const story = popup.getByRole('region', { name: 'This page’s story' });
  await expect(story).toBeVisible();
  await expect(story.getByRole('img')).toHaveAttribute('aria-label', /This article, 7 Jul 2020/);
  const points = story.getByRole('list', { name: 'This page’s story' }).getByRole('listitem');
  const rows = await points.evaluateAll((els) => els.map((e) => ({ date: e.querySelector('time')!.getAttribute('datetime')!, text: e.textContent })));
  // In date order, with the article in its place: after the exit, before the executive order.
  expect(rows.map((r) => r.date)).toEqual(rows.map((r) => r.date).sort());
  const at = (pattern: RegExp) => rows.findIndex((r) => pattern.test(r.text));
  const article = at(/^This article, 7 Jul 2020$/);
  expect(article).toBeGreaterThan(0);
  expect(at(/stop operating in Hong Kong/)).toBeLessThan(article);
  expect(at(/executive order/)).toBeGreaterThan(article);
  // Each point is reachable by keyboard, and lights its dot in the picture.
  await points.first().focus();
  await expect(story.locator('svg .point.active')).toHaveCount(1);

  // The entities, weightiest first: TikTok leads the page (headline, and named most).
  await expect(popup.getByRole('list', { name: 'Found on this page' }).locator('.name').first()).toHaveText(/^TikTok/);

  const all = popup.getByRole('button', { name: 'All facts' });
  await expect(all).toHaveAttribute('aria-expanded', 'false');
  await expect(popup.getByRole('list', { name: 'Timeline' })).toBeHidden();
  await all.click();
  await expect(all).toHaveAttribute('aria-expanded', 'true');
  await expect(popup.getByRole('list', { name: 'Timeline' })).toBeVisible();

  expect((await new AxeBuilder({ page: popup }).analyze()).violations).toEqual([]);
  await popup.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  const dot = await story.locator('svg circle').first().evaluate((c) => ({ stroke: getComputedStyle(c).stroke, transition: getComputedStyle(c).transitionDuration }));
  expect(dot.stroke).toBe('rgb(240, 178, 122)');
  expect(dot.transition).toBe('0s');
  expect((await new AxeBuilder({ page: popup }).analyze()).violations).toEqual([]);
  await popup.close();
});
