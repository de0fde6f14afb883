/** Context packs: imported on the options page, marked on open tabs, refused when bad, kept when the background restarts. */
import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, hoverMark, markedTexts, test, waitForMarks, waitForScans } from './fixtures';
import { conflictingPack, EXAMPLE_PACK_FILE, EXAMPLE_PACK_NAME, examplePack, generatedPack } from '../tools/packs';

const IMPORT_LABEL = /Import a pack from a file/;
const datasetsRegion = (options: Page) => options.getByRole('region', { name: 'Datasets' });

async function openOptions(context: BrowserContext, extensionId: string): Promise<Page> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByRole('list', { name: 'Datasets' })).toBeVisible();
  return options;
}

async function importText(options: Page, name: string, text: string | Buffer): Promise<void> {
  await options.getByLabel(IMPORT_LABEL).setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.isBuffer(text) ? text : Buffer.from(text) });
}

async function importExample(options: Page): Promise<void> {
  await options.getByLabel(IMPORT_LABEL).setInputFiles(EXAMPLE_PACK_FILE);
  await expect(datasetsRegion(options).getByRole('status')).toContainText(`Added “${EXAMPLE_PACK_NAME}”: 2 entities, 7 facts.`);
}

/** The datasets as the background lists them. (A string: `chrome` is the page's.) */
async function datasetIds(options: Page): Promise<string[]> {
  const res = await options.evaluate(`chrome.runtime.sendMessage({ type: 'datasets' })`);
  return (res as { datasets: Array<{ id: string }> }).datasets.map((d) => d.id);
}

// The browser is shared by the tests of a worker, other files' too: each test leaves no pack behind.
test.afterEach(async ({ extContext, extensionId }) => {
  const options = await extContext.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.evaluate(`(async () => {
    const { datasets } = await chrome.runtime.sendMessage({ type: 'datasets' });
    for (const d of datasets) {
      if (d.kind === 'pack') await chrome.runtime.sendMessage({ type: 'pack-remove', id: d.id });
      else if (!d.enabled) await chrome.runtime.sendMessage({ type: 'pack-switch', id: d.id, on: true });
    }
  })()`);
  await options.close();
});

test('importing the example pack marks its names on an open tab without a reload; its cards name the pack', async ({ page, server, extContext, extensionId }) => {
  await page.goto(server.url('/log4shell.html'));
  await waitForMarks(page);
  expect(await markedTexts(page)).toEqual(['Google']);
  // Set on this document: a reload would lose it.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

  const options = await openOptions(extContext, extensionId);
  await importExample(options);
  const row = options.getByRole('list', { name: 'Datasets' }).getByRole('listitem').filter({ hasText: EXAMPLE_PACK_NAME });
  await expect(row).toContainText('By Backstory example pack · version 1.0');
  await expect(row).toContainText('2 entities, 7 facts, 4 names');

  await expect.poll(() => markedTexts(page)).toEqual(expect.arrayContaining(['Log4Shell', 'Apache Log4j', 'Google']));
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

  await page.bringToFront();
  await hoverMark(page, 'Log4Shell');
  const card = page.getByRole('dialog', { name: 'Log4Shell' });
  await expect(card).toContainText(`From the pack “${EXAMPLE_PACK_NAME}”`);
  await expect(card).toContainText('Emergency Directive 22-02');
  await expect(card.getByRole('link', { name: /Cybersecurity and Infrastructure Security Agency/ }).first()).toHaveAttribute('href', 'https://www.cisa.gov/emergency-directive-22-02');
  // Its related entity opens in place, from the same pack.
  await card.getByRole('button', { name: 'Apache Log4j' }).click();
  await expect(page.getByRole('dialog', { name: 'Apache Log4j' })).toContainText('Log4j 2.15.0');

  // Exported again as it came.
  const download = options.waitForEvent('download');
  await options.getByRole('button', { name: `Export ${EXAMPLE_PACK_NAME}` }).click();
  const saved = await (await download).path();
  expect(fs.readFileSync(saved, 'utf8')).toBe(fs.readFileSync(EXAMPLE_PACK_FILE, 'utf8'));
  expect((await new AxeBuilder({ page: options }).analyze()).violations).toEqual([]);
  await options.close();
});

test('a pack dropped on the options page is imported', async ({ page, server, extContext, extensionId }) => {
  await page.goto(server.url('/log4shell.html'));
  await waitForMarks(page);
  const options = await openOptions(extContext, extensionId);
  await options.evaluate((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'log4shell.json', { type: 'application/json' }));
    document.body.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, fs.readFileSync(EXAMPLE_PACK_FILE, 'utf8'));
  await expect(datasetsRegion(options).getByRole('status')).toContainText(`Added “${EXAMPLE_PACK_NAME}”`);
  await expect.poll(() => markedTexts(page)).toContain('Log4Shell');
  await options.close();
});

test('switching a pack off, and removing it, take its marks away; undo puts it back', async ({ page, server, extContext, extensionId }) => {
  await page.goto(server.url('/log4shell.html'));
  await waitForMarks(page);
  const options = await openOptions(extContext, extensionId);
  await importExample(options);
  await expect.poll(() => markedTexts(page)).toContain('Log4Shell');

  const use = options.getByRole('switch', { name: `Use ${EXAMPLE_PACK_NAME}` });
  await use.click();
  await expect(use).toHaveAttribute('aria-checked', 'false');
  await expect.poll(() => markedTexts(page)).toEqual(['Google']);
  await use.click();
  await expect.poll(() => markedTexts(page)).toContain('Log4Shell');

  // The bundled dataset can be switched off too.
  const bundled = options.getByRole('switch', { name: "Use Backstory's own dataset" });
  await bundled.click();
  await expect.poll(async () => (await markedTexts(page)).sort()).toEqual(['Apache Log4j', 'Log4Shell']);
  await bundled.click();
  await expect.poll(() => markedTexts(page)).toContain('Google');

  await options.getByRole('button', { name: `Remove ${EXAMPLE_PACK_NAME}` }).click();
  await expect(datasetsRegion(options).getByRole('status')).toContainText(`Removed “${EXAMPLE_PACK_NAME}”.`);
  await expect.poll(() => markedTexts(page)).toEqual(['Google']);
  expect(await datasetIds(options)).toEqual(['bundled']);

  await options.getByRole('button', { name: 'Undo' }).click();
  await expect(datasetsRegion(options).getByRole('status')).toContainText(`“${EXAMPLE_PACK_NAME}” is back.`);
  await expect.poll(() => markedTexts(page)).toContain('Log4Shell');
  expect(await datasetIds(options)).toEqual(['bundled', 'log4shell']);
  await options.close();
});

test('a pack with the id of one loaded replaces it once the reader confirms, saying the version is newer', async ({ extContext, extensionId }) => {
  const options = await openOptions(extContext, extensionId);
  await importExample(options);
  const next = examplePack();
  next.pack = { ...next.pack, version: '1.1' };
  await importText(options, 'log4shell-1.1.json', JSON.stringify(next));
  await expect(datasetsRegion(options).getByRole('status')).toContainText(`A pack “${EXAMPLE_PACK_NAME}” is already loaded, version 1.0. Replace it with version 1.1 from this file? The file's version is newer.`);
  await options.getByRole('button', { name: 'Replace' }).click();
  await expect(datasetsRegion(options).getByRole('status')).toContainText(`Replaced “${EXAMPLE_PACK_NAME}” version 1.0 with version 1.1.`);
  await expect(options.getByRole('list', { name: 'Datasets' })).toContainText('version 1.1');

  // Declined: nothing changes.
  next.pack = { ...next.pack, version: '0.9' };
  await importText(options, 'log4shell-0.9.json', JSON.stringify(next));
  await expect(datasetsRegion(options).getByRole('status')).toContainText('The file\'s version is older than the loaded one.');
  await options.getByRole('button', { name: 'Keep the loaded one' }).click();
  await expect(options.getByRole('list', { name: 'Datasets' })).toContainText('version 1.1');
  await options.close();
});

test('bad packs are refused with a message naming entity and field, and nothing changes', async ({ page, server, extContext, extensionId }) => {
  await page.goto(server.url('/log4shell.html'));
  await waitForMarks(page);
  const options = await openOptions(extContext, extensionId);
  const alert = datasetsRegion(options).getByRole('alert');

  const badDate = examplePack();
  (badDate.entities[0]!.facts as Array<{ date: string }>)[1]!.date = '2021-02-30';
  const unknownSource = examplePack();
  (unknownSource.entities[1]!.facts as Array<{ sources: string[] }>)[0]!.sources = ['no-such-source'];
  const script = examplePack();
  script.sources[0]!.url = 'javascript:alert(document.domain)';
  const markup = examplePack();
  const tag = '<img src=x onerror=alert(1)>';
  markup.pack = { ...markup.pack, name: `${tag}News`, publisher: `<b>Pub</b>`, description: `<script>x()</script>` };
  for (const e of markup.entities) {
    Object.assign(e, { name: `${tag}${e.name as string}`, summary: `<i>${e.summary as string}</i>` });
    for (const a of e.aliases as Array<{ text: string }>) a.text = `<u>${a.text}</u>`;
    for (const f of e.facts as Array<{ text: string }>) f.text = `${f.text}<br>`;
  }
  for (const s of markup.sources) Object.assign(s, { title: `<em>${s.title as string}</em>` });

  const cases: Array<[string, string | Buffer, RegExp[]]> = [
    ['bad-date.json', JSON.stringify(badDate), [/bad-date\.json entities\[0\] \(entity "log4j"\): facts\[1\]\.date: is not a real calendar date/]],
    ['unknown-source.json', JSON.stringify(unknownSource), [/unknown-source\.json entities\[1\] \(entity "log4shell"\): facts\[0\]\.sources: "no-such-source" is not a source/]],
    ['script-url.json', JSON.stringify(script), [/script-url\.json: sources\[0\]\.url: must be the https URL of the page you read/]],
    [
      'markup.json',
      JSON.stringify(markup),
      [/markup\.json pack: name: must be plain text, not markup/, /markup\.json \(entity "log4shell"\): summary: must be plain text, not markup/, /aliases\[0\]\.text: must be plain text/],
    ],
    ['not-json.json', 'this is not JSON', [/not-json\.json: is not valid JSON/]],
  ];
  for (const [name, text, messages] of cases) {
    await importText(options, name, text);
    await expect(alert).toContainText(`${name} was not added, and nothing changed. What is wrong:`);
    for (const m of messages) await expect(alert).toContainText(m);
  }
  // Markup is shown as text, never made into elements.
  expect(await options.locator('.problems img, .problems script, .problems b').count()).toBe(0);

  await importText(options, 'huge.json', Buffer.alloc(12 * 1024 * 1024, 32));
  await expect(alert).toContainText('huge.json was not added, and nothing changed: all packs together may take at most 10 MB');

  // Many problems: the first 20, then a count.
  const many = examplePack();
  for (const e of many.entities) for (const f of e.facts as Array<{ date: string }>) f.date = 'soon';
  many.entities.push(...Array.from({ length: 6 }, (_, i) => ({ ...many.entities[0]!, id: `copy-${i}`, wikipedia: `Copy ${i}` })));
  await importText(options, 'many.json', JSON.stringify(many));
  await expect(alert.getByRole('listitem')).toHaveCount(21);
  await expect(alert).toContainText(/…and \d+ more\./);

  expect(await datasetIds(options)).toEqual(['bundled']);
  expect(await markedTexts(page)).toEqual(['Google']);
  await options.close();
});

test('a pack survives a stopped service worker and "Rebuild the local database"', async ({ page, server, extContext, extensionId }) => {
  const options = await openOptions(extContext, extensionId);
  await importExample(options);
  const cdp = await extContext.newCDPSession(options);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();

  await page.goto(server.url('/log4shell.html'));
  await expect.poll(() => markedTexts(page)).toContain('Log4Shell');
  await hoverMark(page, 'Log4Shell');
  await expect(page.getByRole('dialog', { name: 'Log4Shell' })).toContainText(`From the pack “${EXAMPLE_PACK_NAME}”`);

  await options.getByRole('button', { name: 'Rebuild the local database' }).click();
  await expect(options.getByRole('button', { name: 'Rebuild the local database' })).toBeEnabled();
  await options.reload();
  await expect(options.getByRole('list', { name: 'Datasets' })).toContainText(EXAMPLE_PACK_NAME);
  await page.reload();
  await expect.poll(() => markedTexts(page)).toContain('Log4Shell');
  await options.close();
});

test('a name two datasets share: the first marks it, and its card leads to the other under "Also in"', async ({ page, server, extContext, extensionId }) => {
  const options = await openOptions(extContext, extensionId);
  await importText(options, 'shared.json', conflictingPack());
  await expect(datasetsRegion(options).getByRole('status')).toContainText('Added “Shared names”');
  await expect(options.getByRole('list', { name: 'Datasets' })).toContainText('1 of its names are also in a dataset above it');
  await page.goto(server.url('/demo-article.html'));
  await waitForMarks(page);
  await hoverMark(page, 'Telegram');
  const card = page.getByRole('dialog', { name: 'Telegram' });
  const also = card.getByRole('region', { name: 'Also in' });
  await expect(also).toContainText('Shared names');
  await also.getByRole('button', { name: 'Telegram (the channel)' }).click();
  const other = page.getByRole('dialog', { name: 'Telegram (the channel)' });
  await expect(other).toContainText('From the pack “Shared names”');
  await expect(other.getByRole('region', { name: 'Also in' })).toContainText("Backstory's own dataset");
  await options.close();
});

test('a generated pack of 20,000 aliases imports, and pages are read within their budget', async ({ page, server, extContext, extensionId }) => {
  test.setTimeout(90_000);
  const options = await openOptions(extContext, extensionId);
  await importText(options, 'generated.json', generatedPack(20_000));
  await expect(datasetsRegion(options).getByRole('status')).toContainText('Added “Generated 20000 aliases”', { timeout: 30_000 });
  // One more alias would pass the limit.
  await importText(options, 'one-more.json', generatedPack(1, 'one-more'));
  await expect(datasetsRegion(options).getByRole('alert')).toContainText('one-more.json was not added, and nothing changed: all packs together may hold at most 20,000 names');

  await page.goto(server.url('/demo-article.html'));
  await waitForScans(page);
  await waitForMarks(page, 4);
  const scan = await page.evaluate(() => (performance.getEntriesByName('backstory:scan')[0] as PerformanceMeasure).detail as { longestSliceMs: number; waitMs: number });
  // No slice of the scan over 50 ms: the page only reads its text, whatever the number of aliases
  // (the background matches it). The bench measures the tasks themselves (its pack rows).
  expect(scan.longestSliceMs).toBeLessThanOrEqual(50);
  test.info().annotations.push({ type: 'waiting for the background to match, ms', description: scan.waitMs.toFixed(1) });
  await options.close();
});
