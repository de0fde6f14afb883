/**
 * The scanner (`content/mentions.ts`, the matcher and the page reading), injected by the background
 * into a frame just before the reader, which takes its classes from a global of the world our
 * scripts share (see `content/handover.ts`). The build puts V8's compile hint
 * (`//# allFunctionsCalledOnLoad`) at the top of this file (wxt.config.ts).
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { Mentions } from './mentions';
import { handOver } from '../../utils/stages';

/** Set when the scanner starts (the bench tells the task that injected it from the later ones by it). */
const STARTED_MARK = 'backstory:scanner-started';

export default defineContentScript({
  // Not in the manifest: the background injects it with the scripting API (see background.ts).
  registration: 'runtime',
  matches: ['http://*/*', 'https://*/*'],
  noScriptStartedPostMessage: true,
  main() {
    performance.mark(STARTED_MARK);
    handOver('backstoryScanner', { Mentions });
  },
});
