/**
 * The scanner stage (see `utils/stages.ts`): finding and marking mentions (`mentions.ts`, the
 * matcher's runtime and the page reading), injected by the background into a frame just before the
 * runner, which takes its `Mentions` class from the global it leaves. The build puts V8's compile
 * hint (`//# allFunctionsCalledOnLoad`) at the top of this bundle (wxt.config.ts).
 */
import '../../assets/highlight.css';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { handOver } from '../../utils/stages';
import { Mentions } from './mentions';

/** Set when the scanner starts (the bench tells the task that injected it from the later ones by it). */
const STARTED_MARK = 'backstory:scanner-started';

export default defineContentScript({
  // Not in the manifest: the background injects it with the scripting API (see background.ts).
  registration: 'runtime',
  matches: ['http://*/*', 'https://*/*'],
  noScriptStartedPostMessage: true,
  main() {
    performance.mark(STARTED_MARK);
    handOver('scanner', { Mentions });
  },
});
