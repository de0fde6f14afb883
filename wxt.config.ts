import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { backstoryDataset } from './data/tools/vite-plugin';

function chromiumBinary(): Record<string, string> {
  const chrome = process.env.CHROMIUM_PATH || (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  return chrome ? { chrome } : {};
}

/**
 * Writes which source modules each built script holds, beside the build (`.output/chrome-mv3` gets
 * `.output/chrome-mv3-modules/content-scripts/scanner.js.json`…), for tests/unit/bundles.test.ts,
 * which checks that each content-script stage carries what it should and nothing more.
 */
function bundleContents(): Plugin {
  let outDir = '';
  let root = '';
  return {
    name: 'backstory-bundle-contents',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = path.resolve(config.root, config.build.outDir);
    },
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const modules = chunk.moduleIds.map((id) => (id.startsWith(root) ? path.relative(root, id) : id).split(path.sep).join('/')).sort();
        const file = path.join(`${outDir}-modules`, `${chunk.fileName}.json`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, JSON.stringify(modules, null, 1) + '\n');
      }
    },
  };
}

export default defineConfig({
  // The benchmark builds a second copy (with a generated 20,000-alias dataset) elsewhere.
  outDir: process.env.BACKSTORY_OUT_DIR || '.output',
  vite: () => ({ plugins: [preact(), backstoryDataset(), bundleContents()] }),
  hooks: {
    'vite:build:extendConfig': (entrypoints, config) => {
      // Rolldown wraps each module it sets up on demand (here, all that the runner's entry,
      // entrypoints/runner.content/index.ts, imports a task later: run.ts and what it imports) in a
      // parenthesised function, which V8 takes as a hint to compile it at once. V8 should compile
      // them when they first run, not while the page waits for the script to be injected.
      if (!entrypoints.some((e) => e.type === 'content-script')) return;
      config.build ??= {};
      config.build.rolldownOptions ??= {};
      config.build.rolldownOptions.optimization = { ...config.build.rolldownOptions.optimization, pifeForModuleWrappers: false };
      // Most of the scanner's functions run in a page's first scan: V8's explicit compile hint has them
      // compiled as the file is injected, in a task of its own, rather than one by one in the scan.
      // After minification, which would drop the comment.
      if (entrypoints.some((e) => e.name === 'scanner')) {
        const output = config.build.rolldownOptions.output;
        const withHint = (o: object = {}) => ({ ...o, postBanner: '//# allFunctionsCalledOnLoad' });
        config.build.rolldownOptions.output = Array.isArray(output) ? output.map(withHint) : withHint(output);
      }
    },
  },
  // `npm run dev` opens Chromium from CHROMIUM_PATH, else Debian's (web-ext finds Chrome itself
  // when neither is there).
  webExt: { binaries: chromiumBinary() },
  // The sources zip is for addons.mozilla.org's reviewers, who rebuild the Firefox package from it
  // (`npm ci && npm run build:firefox`): only what the build needs, no tests, docs or local output.
  zip: {
    excludeSources: ['tests/**', 'docs/**', 'test-results/**', 'playwright-report/**', 'bench-results/**', 'demo-output/**', '**/*.log'],
  },
  manifest: ({ browser }) => ({
    // Localised: public/_locales/<lang>/messages.json (English is the default).
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'activeTab', 'scripting'],
    // The same sites the content script runs on: needed to hand open tabs the new content script
    // after an install or update.
    host_permissions: ['http://*/*', 'https://*/*'],
    content_security_policy:
      browser === 'firefox'
        ? "script-src 'self'; object-src 'none'; base-uri 'none'"
        : { extension_pages: "script-src 'self'; object-src 'none'; base-uri 'none'" },
    // The starter (entrypoints/starter/), built as a plain script rather than a WXT content script
    // (its file says why): on every http(s) page, in every frame, once the document is idle.
    content_scripts: [{ matches: ['http://*/*', 'https://*/*'], js: ['starter.js'], run_at: 'document_idle', all_frames: true }],
    action: { default_title: '__MSG_extName__' },
    commands: {
      'next-mention': {
        suggested_key: { default: 'Alt+Shift+B' },
        description: '__MSG_commandNextMention__',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'backstory@backstory.example',
              // data_collection_permissions (required by addons.mozilla.org for new add-ons) is
              // understood from Firefox 140 (an ESR) and Firefox for Android 142.
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
