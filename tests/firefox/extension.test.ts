/**
 * The Firefox build in a real Firefox (Debian's firefox-esr): it installs, marks mentions, opens the
 * card on hover, and its popup and options pages render. One Firefox for the whole file.
 *
 *   npm run build:firefox && node --import tsx --test tests/firefox/extension.test.ts
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import type { Page } from 'puppeteer-core';
import { startServer, type TestServer } from '../tools/server';
import { EXAMPLE_PACK_FILE, EXAMPLE_PACK_NAME } from '../tools/packs';
import { hoverMark, launchFirefoxWithAddon, markedTexts, openCard, poll, waitForMarks, type FirefoxWithAddon } from './firefox';

let firefox: FirefoxWithAddon;
let server: TestServer;
let article: Page;

before(async () => {
  server = await startServer();
  firefox = await launchFirefoxWithAddon();
});

after(async () => {
  await firefox?.close();
  await server?.close();
});

test('the built add-on installs as a temporary add-on and its background page runs', { timeout: 20_000 }, async () => {
  assert.equal(firefox.addonId, 'backstory@backstory.example');
  assert.match(firefox.addon.uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  const bg = await firefox.addon.background();
  const info = await firefox.addon.evaluate<{ url: string; mv: number; name: string; version: string }>(
    bg,
    `{ url: browser.runtime.getURL('/'), mv: browser.runtime.getManifest().manifest_version,
       name: browser.runtime.getManifest().name, version: browser.runtime.getManifest().version }`,
  );
  assert.equal(info.url, `${firefox.addon.origin}/`);
  assert.equal(info.mv, 2);
  assert.equal(info.name, 'Backstory');
});

test('marks the first mention of each entity on the demo article', { timeout: 30_000 }, async () => {
  article = await firefox.browser.newPage();
  await article.goto(server.url('/demo-article.html'));
  const marked = await waitForMarks(article, 4);
  for (const name of ['TikTok', 'Telegram', 'Carrie Lam', 'WhatsApp', 'security law']) {
    assert.ok(marked.includes(name), `"${name}" should be marked; marked: ${JSON.stringify(marked)}`);
  }
  assert.equal(marked.filter((t) => t === 'TikTok').length, 1, 'first mention only');
  // Marks are highlights, not markup: the article's text nodes are untouched.
  const wrapped = await article.evaluate(() => document.querySelectorAll('mark, [data-backstory]').length);
  assert.equal(wrapped, 0);
});

test('hovering a mention opens the card for that entity; Escape closes it', { timeout: 30_000 }, async () => {
  assert.ok(article, 'the marking test opens the article');
  await hoverMark(article, 'TikTok');
  const card = await poll(() => openCard(article), (c) => c?.visible === true, 'the TikTok card');
  assert.equal(card?.name, 'TikTok');
  assert.equal(card?.heading, 'TikTok');
  assert.match(card?.text ?? '', /Source:/);
  assert.ok((card?.times ?? 0) > 0, 'the card shows dated facts');
  assert.ok(card?.styled, 'the card is styled inside its shadow root');

  await article.keyboard.press('Escape');
  await poll(() => openCard(article), (c) => c === null || !c.visible, 'the card to close');

  await hoverMark(article, 'Carrie Lam');
  const other = await poll(() => openCard(article), (c) => c?.visible === true && c.name === 'Carrie Lam', 'the Carrie Lam card');
  assert.equal(other?.heading, 'Carrie Lam');
  await article.mouse.move(5, 5, { steps: 4 });
  await poll(() => openCard(article), (c) => c === null || !c.visible, 'the card to close when the pointer leaves');

  // An entity of the larger dataset: "Beijing" in the sense of China's government.
  await hoverMark(article, 'Beijing');
  const government = await poll(() => openCard(article), (c) => c?.visible === true && c.name === 'Government of China', 'the Government of China card');
  assert.ok((government?.times ?? 0) >= 3, 'the card shows its dated facts');
  assert.match(government?.text ?? '', /Source:/);
  await article.keyboard.press('Escape');
});

/**
 * The id of the tab whose content script answers the popup's "summary" with a reply that passes
 * `test`, an expression over `reply` run in the background. Backstory has no "tabs" permission, so
 * tab URLs are hidden: each tab's content script is asked.
 */
function tabWhoseSummary(bg: Awaited<ReturnType<FirefoxWithAddon['addon']['background']>>, test: string): Promise<number | null> {
  return firefox.addon.evaluate<number | null>(
    bg,
    `await (async () => {
      for (const tab of await browser.tabs.query({})) {
        const reply = await browser.tabs.sendMessage(tab.id, { type: 'summary' }).catch(() => undefined);
        if (reply && reply.ok && (${test})) return tab.id;
      }
      return null;
    })()`,
  );
}

test('the popup (moz-extension://…/popup.html) lists what the page mentions', { timeout: 30_000 }, async () => {
  assert.ok(article, 'the marking test opens the article');
  assert.ok((await markedTexts(article)).length > 0);
  const { addon } = firefox;
  const bg = await addon.background();
  const tabId = await tabWhoseSummary(bg, `reply.host === '127.0.0.1'`);
  assert.equal(typeof tabId, 'number', 'the article tab answers the popup protocol');

  const url = `${addon.origin}/popup.html?tabId=${tabId}`;
  const popupTab = await addon.evaluate<number>(bg, `(await browser.tabs.create({ url: ${JSON.stringify(url)} })).id`);
  try {
    const popup = await addon.target((u) => u === url);
    const found = await poll(
      () =>
        addon.evaluate<{ heading: string; items: Array<{ name: string; count: string }> }>(
          popup,
          `{ heading: document.querySelector('h1')?.textContent ?? '',
             items: [...document.querySelectorAll('ul.found li.item')].map((li) => ({
               name: li.querySelector('.name')?.textContent ?? '', count: li.querySelector('.count')?.textContent ?? '' })) }`,
        ),
      (v) => v.items.length > 0,
      'the popup to list entities',
    );
    assert.equal(found.heading, 'Backstory');
    const names = found.items.map((i) => i.name);
    for (const name of ['TikTok', 'Telegram', 'Carrie Lam']) assert.ok(names.includes(name), `popup lists ${name}: ${names.join(', ')}`);
    assert.equal(found.items.find((i) => i.name === 'TikTok')?.count, '1');
    const switchLabel = await addon.evaluate<string | null>(popup, `document.querySelector('[role="switch"]')?.textContent ?? null`);
    assert.match(switchLabel ?? '', /127\.0\.0\.1/);
  } finally {
    await addon.evaluate(bg, `await browser.tabs.remove(${popupTab})`);
  }
});

test("on a dated article the card sets apart what came after, and the popup draws the page's story", { timeout: 40_000 }, async () => {
  const dated = await firefox.browser.newPage();
  try {
    await dated.goto(server.url('/tiktok-exit-2020.html'));
    await waitForMarks(dated, 3);
    await hoverMark(dated, 'TikTok');
    await poll(() => openCard(dated), (c) => c?.visible === true && c.name === 'TikTok', 'the TikTok card');
    const card = await dated.evaluate(() => {
      const root = document.querySelector('backstory-card')!.shadowRoot!;
      const first = root.querySelector('ol.facts li');
      return {
        first: first?.querySelector('time')?.getAttribute('datetime') ?? null,
        ties: first?.querySelector('.ties')?.textContent ?? null,
        since: root.querySelector('.since h3')?.textContent ?? null,
        later: [...root.querySelectorAll('.since li')].map((li) => [li.querySelector('time')?.getAttribute('datetime'), li.querySelector('.later')?.textContent]),
      };
    });
    assert.equal(card.first, '2020-07-06');
    assert.match(card.ties ?? '', /^also on this page: .*Hong Kong/);
    assert.equal(card.since, 'Since this article');
    assert.deepEqual(card.later.slice(0, 2), [['2020-08-06', '4 weeks later'], ['2024-04-24', '3 years later']]);

    const { addon } = firefox;
    const bg = await addon.background();
    const tabId = await tabWhoseSummary(bg, `reply.date === '2020-07-07'`);
    assert.equal(typeof tabId, 'number', 'the dated article tab answers with its date');
    const url = `${addon.origin}/popup.html?tabId=${tabId}`;
    const popupTab = await addon.evaluate<number>(bg, `(await browser.tabs.create({ url: ${JSON.stringify(url)} })).id`);
    try {
      const popup = await addon.target((u) => u === url);
      const story = await poll(
        () =>
          addon.evaluate<{ picture: string | null; dots: number; rows: string[]; first: string | null }>(
            popup,
            `{ picture: document.querySelector('.story svg[role="img"]')?.getAttribute('aria-label') ?? null,
               dots: document.querySelectorAll('.story svg circle').length,
               rows: [...document.querySelectorAll('.story-list li')].map((li) => li.textContent),
               first: document.querySelector('ul.found li.item .name')?.textContent ?? null }`,
          ),
        (v) => v.rows.length > 0,
        'the popup to draw the story',
      );
      assert.match(story.picture ?? '', /This article, 7 Jul 2020/);
      assert.ok(story.dots > 1, 'the strip has points');
      const article = story.rows.indexOf('This article, 7 Jul 2020');
      assert.ok(article > 0, `the article is on the strip after earlier facts: ${story.rows.join(' | ')}`);
      assert.ok(story.rows.findIndex((r) => /executive order/.test(r)) > article);
      assert.equal(story.first, 'TikTok');
    } finally {
      await addon.evaluate(bg, `await browser.tabs.remove(${popupTab})`);
    }
  } finally {
    await dated.close();
  }
});

test('the options page opens from the add-on and renders', { timeout: 20_000 }, async () => {
  const { addon } = firefox;
  const bg = await addon.background();
  await addon.evaluate(bg, `await browser.runtime.openOptionsPage()`);
  const options = await addon.target((u) => u.startsWith(`${addon.origin}/options.html`));
  const view = await poll(
    () =>
      addon.evaluate<{ heading: string; label: string }>(
        options,
        `{ heading: document.querySelector('h1')?.textContent ?? '', label: document.querySelector('label[for="site-input"]')?.textContent ?? '' }`,
      ),
    (v) => v.heading !== '',
    'the options page to render',
  );
  assert.equal(view.heading, 'Backstory settings');
  assert.equal(view.label, 'Add a site');
});

test('a pack dropped on the options page marks its names on an open tab, without a reload', { timeout: 40_000 }, async () => {
  const page = await firefox.browser.newPage();
  const { addon } = firefox;
  const bg = await addon.background();
  try {
    await page.goto(server.url('/log4shell.html'));
    assert.deepEqual(await waitForMarks(page, 1), ['Google']);
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    await addon.evaluate(bg, `await browser.runtime.openOptionsPage()`);
    const options = await addon.target((u) => u.startsWith(`${addon.origin}/options.html`));
    await poll(() => addon.evaluate<boolean>(options, `!!document.querySelector('#import-pack')`), (v) => v, 'the Datasets section');
    const text = fs.readFileSync(EXAMPLE_PACK_FILE, 'utf8');
    await addon.evaluate(
      options,
      `(() => {
        const data = new DataTransfer();
        data.items.add(new File([${JSON.stringify(text)}], 'log4shell.json', { type: 'application/json' }));
        document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
        return true;
      })()`,
    );
    const listed = await poll(
      () => addon.evaluate<string>(options, `document.querySelector('.datasets')?.textContent ?? ''`),
      (v) => v.includes(EXAMPLE_PACK_NAME),
      'the pack to be listed',
    );
    assert.match(listed, /2 entities, 7 facts, 4 names/);
    const marked = await poll(() => markedTexts(page), (m) => m.includes('Log4Shell'), 'the pack\'s names to be marked');
    assert.ok(marked.includes('Apache Log4j') && marked.includes('Google'), JSON.stringify(marked));
    assert.equal(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), true, 'the tab was not reloaded');

    await hoverMark(page, 'Log4Shell');
    const card = await poll(() => openCard(page), (c) => c?.visible === true && c.name === 'Log4Shell', 'the Log4Shell card');
    assert.match(card?.text ?? '', new RegExp(`From the pack “${EXAMPLE_PACK_NAME}”`));
  } finally {
    await page.close();
  }
});
