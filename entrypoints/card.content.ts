/**
 * The card (Preact and the views), injected by the background into a frame whose reader asks for
 * it ('card': the first time a reader rests on a mark there). It hands the reader its CardHost
 * class through a global of the world our scripts share (see `content/card-loader.ts`).
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { CardHost } from './content/card';
import { CARD_HOST_GLOBAL } from './content/card-loader';

export default defineContentScript({
  // Not in the manifest: the background injects it with the scripting API (see background.ts).
  registration: 'runtime',
  matches: ['http://*/*', 'https://*/*'],
  noScriptStartedPostMessage: true,
  main() {
    (globalThis as Record<string, unknown>)[CARD_HOST_GLOBAL] = CardHost;
  },
});
