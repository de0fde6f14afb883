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

async function load(): Promise<PopupState> {
  const tab = await targetTab();
  const url = tab?.url ? new URL(tab.url) : undefined;
  if (!tab?.id || !url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return { enabled: false, found: [], unsupported: 'Backstory works on web pages (http and https). Browser pages cannot be read by extensions.' };
  }
  try {
    const summary = await askTab(tab.id, { type: 'summary' });
    if (!summary.ok) throw new Error(summary.error);
    return { host: url.hostname, enabled: summary.enabled, found: summary.found };
  } catch {
    return {
      host: url.hostname,
      enabled: false,
      found: [],
      unsupported: 'Backstory cannot read this page. It may have opened before Backstory was installed: reload it, or the browser may not allow extensions here.',
    };
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
