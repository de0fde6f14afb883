/**
 * The card stage (see `utils/stages.ts`): Preact and the card's view, injected by the background
 * into a frame whose runner asks for it ('card': the first time a reader rests on a mark there). It
 * leaves the runner its `CardRenderer` class.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { handOver } from '../../utils/stages';
import { CardRenderer } from './card-renderer';

export default defineContentScript({
  // Not in the manifest: the background injects it with the scripting API (see background.ts).
  registration: 'runtime',
  matches: ['http://*/*', 'https://*/*'],
  noScriptStartedPostMessage: true,
  main() {
    handOver('card', { CardRenderer });
  },
});
