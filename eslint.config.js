// The type-aware linter (npm run lint): typescript-eslint's recommended rules with type
// information, over the extension, its tests and tools.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** An import group no file of `files` may import but for its types. */
const bundle = (folder) => ({ group: [`**/${folder}`, `**/${folder}/**`], allowTypeImports: true, message: `another bundle's code (${folder}): share it through utils/, or import only its types` });
const STAGE_FOLDERS = ['starter', 'scanner.content', 'runner.content', 'card.content'];
const PREACT = { group: ['preact', 'preact/**', '**/components/**'], allowTypeImports: true, message: 'Preact and the views belong to the card bundle, the popup and the options page' };
const AUTOMATON = {
  group: ['**/utils/matcher/build', '**/utils/matcher/codec', '**/utils/matcher/runtime', '**/utils/matcher/service'],
  allowTypeImports: true,
  message: 'the automaton stays in the background, which matches for pages (utils/matcher/service.ts); a page only reads its text',
};

const NO_VIEWS = { group: ['**/entrypoints/**', '**/components/**'], allowTypeImports: true, message: 'utils/ depends on no entry point or view but for types' };

function boundaries() {
  const rule = (files, patterns) => ({ files, rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] } });
  const others = (own) => STAGE_FOLDERS.filter((f) => f !== own).map(bundle);
  return [
    rule(['entrypoints/starter/**'], [...others('starter'), PREACT, AUTOMATON, { group: ['webextension-polyfill', 'zod', 'zod/**'], message: 'the starter stays small: the browser API object and types only' }]),
    rule(['entrypoints/scanner.content/**'], [...others('scanner.content'), PREACT, AUTOMATON]),
    rule(['entrypoints/runner.content/**'], [...others('runner.content'), PREACT, AUTOMATON]),
    rule(['entrypoints/card.content/**'], [...others('card.content'), AUTOMATON]),
    rule(['entrypoints/*.ts', 'entrypoints/popup/**', 'entrypoints/options/**', 'components/**'], STAGE_FOLDERS.map(bundle)),
    rule(['utils/**'], [...STAGE_FOLDERS.map(bundle), NO_VIEWS]),
    // utils/ itself (and the matcher) runs anywhere: what needs a page's DOM is in utils/dom/, what
    // needs the extension's APIs or IndexedDB in utils/browser/.
    rule(['utils/*.ts', 'utils/matcher/**'], [
      ...STAGE_FOLDERS.map(bundle),
      NO_VIEWS,
      { group: ['webextension-polyfill', 'wxt/browser', 'idb', './dom/**', './browser/**', '../dom/**', '../browser/**'], allowTypeImports: true, message: 'utils/ runs anywhere: code that needs the DOM goes in utils/dom/, the extension\'s APIs or IndexedDB in utils/browser/' },
    ]),
  ];
}

export default defineConfig(
  { ignores: ['.output/', '.wxt/', 'node_modules/', 'test-results/', 'playwright-report/', 'bench-results/', 'demo-output/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Preact ignores what an event handler returns; our async handlers deal with their own
      // failures (OptionsApp's `change` says so on the page).
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // node:test runs the tests that `test()` registers; its promise is the runner's to await.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'before', 'after'] }] },
      ],
    },
  },
  {
    // Tests read untyped data on purpose (what a page or a worker evaluates, JSON files, the
    // browser's entries) and check it with assertions, whose asymmetric matchers are typed `any`.
    files: ['tests/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Playwright's fixtures must destructure their first parameter, even when they need nothing.
    files: ['tests/e2e/fixtures.ts'],
    rules: { 'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }] },
  },
  // The layout's boundaries (docs/architecture.md, "Boundaries"). Each content-script stage is a bundle of its
  // own (utils/stages.ts): bundles share code only through utils/, and one another's types. The
  // scanner runs on every page it reads and carries only what loads and runs the automaton; only
  // the card's bundle carries Preact. utils/ depends on no entry point or view but for types.
  ...boundaries(),
  { files: ['**/*.js'], extends: [tseslint.configs.disableTypeChecked] },
);
