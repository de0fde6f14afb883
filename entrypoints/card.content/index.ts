/**
 * The card (Preact and the views), injected by the background into a frame whose reader asks for
 * it ('card': the first time a reader rests on a mark there). It hands the reader its CardHost
 * class through a global of the world our scripts share (see `content/handover.ts`).
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { CardHost } from './card-renderer';
import { handOver } from '../../utils/stages';

export default defineContentScript({
  // Not in the manifest: the background injects it with the scripting API (see background.ts).
  registration: 'runtime',
  matches: ['http://*/*', 'https://*/*'],
  noScriptStartedPostMessage: true,
  main() {
    handOver('backstoryCardHost', CardHost);
  },
});
