import { render } from 'preact';
import browser from 'webextension-polyfill';
import { PopupApp, type PopupState } from '../../components/PopupApp';
import { askTab } from '../../utils/messaging';
import { setSiteEnabled } from '../../utils/settings';
import { updateSettings } from '../../utils/settings-store';
import '../../components/page.css';
import './style.css';

/** `popup.html?tabId=N` shows tab N (tests and "open in a tab" use it); else the active tab. */
async function targetTab(): Promise<browser.Tabs.Tab | undefined> {
  const param = new URLSearchParams(location.search).get('tabId');
  if (param !== null && /^\d+$/.test(param)) return browser.tabs.get(Number(param));
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab;
}

const NOT_A_WEB_PAGE = 'Backstory works on web pages (http and https). Browser pages and the extension stores cannot be read by extensions.';
const NOT_READABLE = 'Backstory cannot read this page. It may have been open since before Backstory was installed: reload it and try again.';

async function load(): Promise<PopupState> {
  const tab = await targetTab();
  if (tab?.id === undefined) return { enabled: false, found: [], unsupported: NOT_A_WEB_PAGE };
  try {
    const summary = await askTab(tab.id, { type: 'summary' });
    if (!summary.ok) throw new Error(summary.error);
    return { host: summary.host, enabled: summary.enabled, found: summary.found };
  } catch {
    // No content script answered. The URL is visible only for the tab the reader clicked us on
    // (activeTab); without it, say what is most likely.
    const protocol = tab.url ? new URL(tab.url).protocol : undefined;
    const web = protocol === 'http:' || protocol === 'https:';
    return { enabled: false, found: [], unsupported: protocol && !web ? NOT_A_WEB_PAGE : NOT_READABLE };
  }
}

render(
  <PopupApp
    load={load}
    setSiteEnabled={async (host, on) => void (await updateSettings((s) => setSiteEnabled(s, host, on)))}
    reveal={async (id) => {
      const tab = await targetTab();
      if (tab?.id !== undefined) await askTab(tab.id, { type: 'reveal', id }).catch(() => {});
    }}
    openOptions={() => void browser.runtime.openOptionsPage()}
  />,
  document.getElementById('app')!,
);
