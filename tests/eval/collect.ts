/**
 * The browser half of the eval: loads a labelled page in Chromium with the built extension, as a
 * reader would meet it (served on 127.0.0.1, the page's own scripts off), and reads what is marked
 * and which entity each mark stands for.
 *
 * Each mark is tied to its entity by what the content script already reports to the popup: its
 * summary lists the entities found in the order of their first counted mention, and with one mark
 * per entity (the default) the highlight registry holds those first mentions in the same order.
 * The eval checks that the counts agree and that each mark's words are one of its entity's aliases.
 */
import type { BrowserContext, Worker } from '@playwright/test';
import { foldPhrase } from '../../utils/matcher/fold';
import type { Mark } from './score';

/** The page's own scripts are off, as when the corpus is benchmarked: its text is what the saved page holds. */
const NO_SCRIPTS = encodeURIComponent("script-src 'none'");
const SCAN_TIMEOUT_MS = 30_000;

interface RawMark {
  text: string;
  block: string;
  furniture?: string;
}

/**
 * Runs in the page: each marked range, its block's text, and the furniture around it. Self-contained,
 * and with no named inner functions (tsx would name them with a helper the page does not have).
 */
function readMarks(): RawMark[] {
  const out: RawMark[] = [];
  const highlight = CSS.highlights.get('backstory-underline');
  for (const r of highlight ?? []) {
    const range = r as Range;
    const start = range.startContainer;
    const el = start.nodeType === Node.ELEMENT_NODE ? (start as Element) : start.parentElement;
    let block: Element | null = el;
    while (block && block.parentElement && ['inline', 'contents'].includes(getComputedStyle(block).display)) block = block.parentElement;
    const furnitureEl = el?.closest('nav, footer, aside, [role=navigation], [role=contentinfo], [role=complementary]');
    const header = el?.closest('header');
    const pageHeader = header && !header.closest('article, main, [role=main]') ? header : null;
    const around = furnitureEl ?? pageHeader;
    out.push({
      text: range.toString(),
      block: (block?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      ...(around ? { furniture: around.localName + (around.getAttribute('role') ? `[role=${around.getAttribute('role')}]` : '') } : {}),
    });
  }
  return out;
}

export interface Collected {
  marks: Mark[];
  error?: string;
}

export async function collectPage(
  context: BrowserContext,
  serviceWorker: Worker,
  url: string,
  aliasesOf: (entityId: string) => string[],
): Promise<Collected> {
  const page = await context.newPage();
  try {
    const origin = new URL(url).origin;
    // The saved pages link to their sites' scripts and images: answer those at once with a failure.
    await page.route(/^https?:/, (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
    const full = `${url}?csp=${NO_SCRIPTS}`;
    await page.goto(full, { waitUntil: 'domcontentloaded' }).catch(() => {});
    await page.waitForFunction(
      () => performance.getEntriesByName('backstory:scan').some((e) => (e as PerformanceMeasure).detail?.kind === 'full'),
      null,
      { timeout: SCAN_TIMEOUT_MS, polling: 100 },
    );
    const raw = await page.evaluate(readMarks);
    const found = await serviceWorker.evaluate(async (pageUrl) => {
      const tab = (await chrome.tabs.query({})).find((t) => t.url === pageUrl);
      if (tab?.id === undefined) return { error: 'no tab shows the page' };
      const reply = await chrome.tabs.sendMessage(tab.id, { type: 'summary' }, { frameId: 0 });
      return reply?.ok ? { ids: (reply.found as Array<{ id: string }>).map((f) => f.id) } : { error: String(reply?.error) };
    }, page.url());
    if ('error' in found) return { marks: [], error: found.error };
    if (found.ids.length !== raw.length) return { marks: [], error: `${raw.length} marks but ${found.ids.length} entities found: cannot tie them` };
    const marks = raw.map((m, i) => ({ ...m, entityId: found.ids[i]! }));
    const stray = marks.find((m) => !aliasesOf(m.entityId).some((a) => foldPhrase(a) === foldPhrase(m.text)));
    if (stray) return { marks: [], error: `mark "${stray.text}" is none of ${stray.entityId}'s aliases: cannot tie marks to entities` };
    return { marks };
  } catch (e) {
    return { marks: [], error: (e as Error).message.split('\n')[0] };
  } finally {
    await page.close();
  }
}
