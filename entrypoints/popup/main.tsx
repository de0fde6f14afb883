import { render } from 'preact';
import browser from 'webextension-polyfill';
import { PopupApp, type PopupState } from '../../components/PopupApp';
import { localisePage, t } from '../../utils/i18n';
import { askBackground, askTab } from '../../utils/messaging';
import { setSiteEnabled } from '../../utils/settings';
import { loadSettings, updateSettings } from '../../utils/settings-store';
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

async function load(): Promise<PopupState> {
  const tab = await targetTab();
  const blank = { enabled: false, paused: false, scanning: false, found: [], cards: [] };
  if (tab?.id === undefined) return { ...blank, unsupported: NOT_A_WEB_PAGE };
  let summary: Awaited<ReturnType<typeof askTab<{ type: 'summary' }>>>;
  try {
    summary = await askTab(tab.id, { type: 'summary' });
    if (!summary.ok) throw new Error(summary.error);
  } catch {
    // No content script answered. The URL is visible only for the tab the reader clicked us on
    // (activeTab); without it, say what is most likely.
    const protocol = tab.url ? new URL(tab.url).protocol : undefined;
    const web = protocol === 'http:' || protocol === 'https:';
    return { ...blank, unsupported: protocol && !web ? NOT_A_WEB_PAGE : NOT_READABLE };
  }
  const settings = await loadSettings();
  const cards = await askBackground({ type: 'cards', ids: summary.found.map((f) => f.id) }).catch(() => undefined);
  return {
    host: summary.host,
    enabled: summary.enabled,
    paused: settings.paused,
    scanning: summary.scanning,
    found: summary.found,
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
      if (tab?.id !== undefined) await askTab(tab.id, { type: 'reveal', id }).catch(() => {});
    }}
    openOptions={() => void browser.runtime.openOptionsPage()}
  />,
  document.getElementById('app')!,
);
