import { render } from 'preact';
import browser from 'webextension-polyfill';
import { PopupApp, type PopupState } from '../../components/PopupApp';
import { localisePage, t } from '../../utils/browser/i18n';
import { askBackground, askTab, unlessAbsent } from '../../utils/browser/messaging';
import { setSiteEnabled } from '../../utils/settings';
import { loadSettings, updateSettings } from '../../utils/browser/settings-store';
import { ASK_AGAIN_MS, ASKING_AGAIN_MARK, STARTING_GRACE_MS } from './waiting';
import '../../components/page.css';
import './style.css';

/** `popup.html?tabId=N` shows tab N (tests and "open in a tab" use it); else the active tab. */
async function targetTab(): Promise<browser.Tabs.Tab | undefined> {
  const param = new URLSearchParams(location.search).get('tabId');
  if (param !== null && /^\d+$/.test(param)) return browser.tabs.get(Number(param));
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab;
}

localisePage('extName');

const NOT_A_WEB_PAGE = t('popupNotWebPage');
const NOT_READABLE = t('popupNotReadable');


type Summary = Extract<Awaited<ReturnType<typeof askTab<{ type: 'summary' }>>>, { ok: true }>;

/** The tab's answer, or undefined when nothing answers for it (see STARTING_GRACE_MS). */
async function summaryOf(tabId: number, mayStillStart: boolean): Promise<Summary | undefined> {
  let lastLoading = Date.now();
  for (;;) {
    const summary = await unlessAbsent(askTab(tabId, { type: 'summary' }), 'could not ask the page what it mentions');
    if (summary) return summary.ok ? summary : undefined;
    if (!mayStillStart) return undefined;
    // A tab closed meanwhile is gone: nothing to report.
    const tab = await browser.tabs.get(tabId).catch(() => undefined);
    if (tab?.status === 'loading') lastLoading = Date.now();
    else if (!tab || Date.now() - lastLoading > STARTING_GRACE_MS) return undefined;
    performance.mark(ASKING_AGAIN_MARK);
    await new Promise((resolve) => setTimeout(resolve, ASK_AGAIN_MS));
  }
}

async function load(): Promise<PopupState> {
  const tab = await targetTab();
  const blank = { enabled: false, paused: false, scanning: false, found: [], cards: [] };
  if (tab?.id === undefined) return { ...blank, unsupported: NOT_A_WEB_PAGE };
  // The URL is visible only for the tab the reader clicked us on (activeTab).
  const protocol = tab.url ? new URL(tab.url).protocol : undefined;
  const web = protocol === 'http:' || protocol === 'https:';
  const summary = await summaryOf(tab.id, protocol === undefined || web);
  // No content script answered: say what is most likely.
  if (!summary) return { ...blank, unsupported: protocol && !web ? NOT_A_WEB_PAGE : NOT_READABLE };
  const settings = await loadSettings();
  const cards = await unlessAbsent(askBackground({ type: 'cards', ids: summary.found.map((f) => f.id) }), 'could not look up the cards');
  return {
    host: summary.host,
    enabled: summary.enabled,
    paused: settings.paused,
    scanning: summary.scanning,
    found: summary.found,
    ...(summary.date ? { date: summary.date } : {}),
    cards: cards?.ok ? cards.cards : [],
  };
}

render(
  <PopupApp
    load={load}
    setSiteEnabled={async (host, on) => void (await updateSettings((s) => setSiteEnabled(s, host, on)))}
    setPaused={async (paused) => void (await updateSettings((s) => ({ ...s, paused })))}
    reveal={async (id) => {
      const tab = await targetTab();
      if (tab?.id !== undefined) await unlessAbsent(askTab(tab.id, { type: 'reveal', id }), 'could not show the mention');
    }}
    openOptions={() => void browser.runtime.openOptionsPage()}
  />,
  document.getElementById('app')!,
);
