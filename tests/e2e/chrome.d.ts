// The `chrome` global inside code that tests evaluate in the extension's service worker.
import type { Browser } from '@wxt-dev/browser';

declare global {
  const chrome: typeof Browser;
}
