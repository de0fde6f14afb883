/**
 * The store packages `npm run zip` makes in .output/ (Chrome, Firefox, and the sources zip that
 * addons.mozilla.org asks for), and the icons in them.
 *
 *   npm run build:firefox && npm run zip && node --import tsx --test tests/firefox/zips.test.ts
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { CHROME_BUILD, FIREFOX_BUILD, ROOT } from './firefox';

const ICON_SIZES = [16, 32, 48, 96, 128];
const MAX_BYTES = 2 * 1024 * 1024;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const zipPath = (kind: 'chrome' | 'firefox' | 'sources') => path.join(ROOT, '.output', `${pkg.name}-${pkg.version}-${kind}.zip`);

interface Manifest {
  name: string;
  version: string;
  manifest_version: number;
  icons?: Record<string, string>;
  browser_specific_settings?: {
    gecko?: { id?: string; strict_min_version?: string; data_collection_permissions?: { required?: string[]; optional?: string[] } };
  };
}

async function openZip(kind: 'chrome' | 'firefox' | 'sources'): Promise<{ zip: JSZip; bytes: number; names: string[] }> {
  const file = zipPath(kind);
  assert.ok(fs.existsSync(file), `${path.relative(ROOT, file)} is missing: run \`npm run zip\` first`);
  const data = fs.readFileSync(file);
  const zip = await JSZip.loadAsync(data);
  const names = Object.values(zip.files)
    .filter((f) => !f.dir)
    .map((f) => f.name);
  return { zip, bytes: data.length, names };
}

async function zippedManifest(zip: JSZip): Promise<Manifest> {
  const entry = zip.file('manifest.json');
  assert.ok(entry, 'manifest.json at the root of the zip');
  return JSON.parse(await entry.async('string')) as Manifest;
}

/** A manifest string as the browser shows it: `__MSG_key__` looked up in the default locale. */
async function localised(zip: JSZip, manifest: Manifest, value: string): Promise<string> {
  const key = /^__MSG_(\w+)__$/.exec(value)?.[1];
  if (!key) return value;
  const file = zip.file(`_locales/${(manifest as { default_locale?: string }).default_locale}/messages.json`);
  assert.ok(file, `the default locale's messages for ${value}`);
  const messages = JSON.parse(await file.async('string')) as Record<string, { message: string }>;
  assert.ok(messages[key], `${value} is defined`);
  return messages[key].message;
}

function pngSize(buffer: Buffer): { width: number; height: number } {
  assert.equal(buffer.subarray(1, 4).toString('latin1'), 'PNG', 'a PNG file');
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

async function checkIcons(manifest: Manifest, zip: JSZip): Promise<void> {
  assert.deepEqual(Object.keys(manifest.icons ?? {}).map(Number).sort((a, b) => a - b), ICON_SIZES, 'icons at every store size');
  for (const size of ICON_SIZES) {
    const file = manifest.icons![String(size)]!;
    const entry = zip.file(file);
    assert.ok(entry, `${file} is in the zip`);
    assert.deepEqual(pngSize(await entry.async('nodebuffer')), { width: size, height: size }, file);
  }
}

test('public/icon/<size>.png exist at every store size, rendered from public/icon.svg', () => {
  assert.ok(fs.existsSync(path.join(ROOT, 'public/icon.svg')));
  for (const size of ICON_SIZES) {
    const file = path.join(ROOT, `public/icon/${size}.png`);
    assert.ok(fs.existsSync(file), `${file} (npm run icons)`);
    assert.deepEqual(pngSize(fs.readFileSync(file)), { width: size, height: size }, file);
  }
});

test('the Chrome zip: MV3 manifest, icons, under 2 MB, same as the build', async () => {
  const { zip, bytes } = await openZip('chrome');
  assert.ok(bytes < MAX_BYTES, `${bytes} bytes`);
  const manifest = await zippedManifest(zip);
  assert.equal(await localised(zip, manifest, manifest.name), 'Backstory');
  assert.equal(manifest.version, pkg.version);
  assert.equal(manifest.manifest_version, 3);
  assert.equal(manifest.browser_specific_settings, undefined, 'Firefox-only keys stay out of the Chrome manifest');
  await checkIcons(manifest, zip);
  assert.deepEqual(manifest, JSON.parse(fs.readFileSync(path.join(CHROME_BUILD, 'manifest.json'), 'utf8')));
});

test('the Firefox zip: MV2 manifest with gecko id and data_collection_permissions, icons, under 2 MB', async () => {
  const { zip, bytes, names } = await openZip('firefox');
  assert.ok(bytes < MAX_BYTES, `${bytes} bytes`);
  const manifest = await zippedManifest(zip);
  assert.equal(await localised(zip, manifest, manifest.name), 'Backstory');
  assert.equal(manifest.version, pkg.version);
  assert.equal(manifest.manifest_version, 2);
  const gecko = manifest.browser_specific_settings?.gecko;
  assert.equal(gecko?.id, 'backstory@backstory.example');
  assert.deepEqual(gecko?.data_collection_permissions?.required, ['none']);
  await checkIcons(manifest, zip);
  // The zip is the current build, file for file.
  const built = fs.readdirSync(FIREFOX_BUILD, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(FIREFOX_BUILD, path.join(d.parentPath, d.name)).replaceAll(path.sep, '/'));
  assert.deepEqual([...names].sort(), built.sort());
  assert.deepEqual(manifest, JSON.parse(fs.readFileSync(path.join(FIREFOX_BUILD, 'manifest.json'), 'utf8')));
});

const JUNK = [
  /^tests\//,
  /(^|\/)node_modules\//,
  /^\.output\//,
  /^\.wxt\//,
  /^(test-results|playwright-report|bench-results|demo-output|coverage)\//,
  /^docs\//,
  /(^|\/)\.[^/]+/, // dotfiles: .env, .npmrc, .git, .DS_Store, editor folders
  /\.log$/,
  /(^|\/)(Thumbs\.db|desktop\.ini)$/,
  /~$|\.swp$|\.orig$|\.rej$/,
];

test('the sources zip: what a reviewer needs to rebuild, and no tests, node_modules, output or local junk', async () => {
  const { bytes, names } = await openZip('sources');
  assert.ok(bytes < MAX_BYTES, `${bytes} bytes`);
  const junk = names.filter((n) => JUNK.some((re) => re.test(n)));
  assert.deepEqual(junk, [], 'files that do not belong in the sources zip');
  for (const needed of ['package.json', 'package-lock.json', 'wxt.config.ts', 'tsconfig.json', 'README.md', 'entrypoints/background.ts', 'public/icon/128.png']) {
    assert.ok(names.includes(needed), `${needed} is in the sources zip`);
  }
});

test('the sources zip rebuilds the Firefox package byte for byte', { timeout: 90_000 }, async () => {
  const { zip } = await openZip('sources');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backstory-sources-'));
  try {
    for (const entry of Object.values(zip.files)) {
      const target = path.join(dir, entry.name);
      assert.ok(target.startsWith(dir + path.sep), `${entry.name} stays inside the folder`);
      if (entry.dir) continue;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, await entry.async('nodebuffer'));
    }
    // A reviewer runs `npm ci`; the installed dependencies are the same lockfile's, so borrow them.
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const env: NodeJS.ProcessEnv = { ...process.env, CI: '1' };
    delete env.BACKSTORY_OUT_DIR;
    await promisify(execFile)(path.join(dir, 'node_modules/.bin/wxt'), ['build', '-b', 'firefox'], { cwd: dir, env, maxBuffer: 16 << 20 });
    const rebuilt = path.join(dir, '.output/firefox-mv2');
    const list = (root: string) =>
      fs.readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => path.relative(root, path.join(d.parentPath, d.name)))
        .sort();
    assert.deepEqual(list(rebuilt), list(FIREFOX_BUILD));
    for (const file of list(FIREFOX_BUILD)) {
      assert.ok(fs.readFileSync(path.join(rebuilt, file)).equals(fs.readFileSync(path.join(FIREFOX_BUILD, file))), `${file} differs`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
