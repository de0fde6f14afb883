/**
 * The UI's messages (public/_locales): every key the code uses exists in every language, the
 * languages agree on keys and placeholders, nothing is empty, and the English that the pure
 * modules return is the English message itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../utils/settings';
import { parseSettingsFile } from '../../utils/settings-file';
import { parseSitePattern } from '../../utils/sites';
import type { LocalMessage } from '../../utils/browser/i18n';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LOCALES_DIR = path.join(ROOT, 'public/_locales');
const LANGS = ['en', 'zh_TW', 'zh_CN'] as const;
type Lang = (typeof LANGS)[number];

interface Entry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
type Messages = Record<string, Entry>;

const messages = Object.fromEntries(
  LANGS.map((lang) => [lang, JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, lang, 'messages.json'), 'utf8')) as Messages]),
) as Record<Lang, Messages>;

/** What browser.i18n.getMessage does: named placeholders → their content ($1…) → the values. */
function format(lang: Lang, { key, params = [] }: LocalMessage): string {
  const entry = messages[lang][key];
  if (!entry) throw new Error(`no message ${key} in ${lang}`);
  const fill = (text: string) => text.replace(/\$(\d)/g, (_, n: string) => params[Number(n) - 1] ?? '');
  return entry.message
    .replace(/\$([A-Za-z0-9_@]+)\$/g, (_, name: string) => fill(entry.placeholders?.[name.toLowerCase()]?.content ?? ''))
    .replace(/\$\$/g, '$');
}

/** Files that show UI text, and the message keys they name. Keys start with one of these words. */
const UI_FILES = [
  'components',
  'entrypoints/popup',
  'entrypoints/options',
  'entrypoints/card.content/card-renderer.tsx',
  'utils/browser/i18n.ts',
  'utils/sites.ts',
  'utils/settings-file.ts',
  'utils/story.ts',
];
const KEY_LITERAL = /['"]((?:ext|command|html|category|group|card|popup|options|site|import)[A-Z][A-Za-z0-9]*)['"]/g;

function usedKeys(): Map<string, string> {
  const files = UI_FILES.flatMap((p) => {
    const full = path.join(ROOT, p);
    return fs.statSync(full).isDirectory()
      ? fs.readdirSync(full).filter((f) => /\.tsx?$/.test(f)).map((f) => path.join(full, f))
      : [full];
  });
  const used = new Map<string, string>();
  for (const file of files) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(KEY_LITERAL)) used.set(m[1]!, path.relative(ROOT, file));
  }
  for (const m of fs.readFileSync(path.join(ROOT, 'wxt.config.ts'), 'utf8').matchAll(/__MSG_(\w+)__/g)) used.set(m[1]!, 'wxt.config.ts');
  return used;
}

const placeholderShape = (e: Entry) =>
  Object.fromEntries(Object.entries(e.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]));

describe('messages.json', () => {
  it('every language has exactly the same keys', () => {
    const en = Object.keys(messages.en).sort();
    expect(en.length).toBeGreaterThan(50);
    for (const lang of LANGS) expect(Object.keys(messages[lang]).sort(), lang).toEqual(en);
  });

  it('keys are valid message names, and no message is empty', () => {
    for (const lang of LANGS) {
      for (const [key, entry] of Object.entries(messages[lang])) {
        expect(key, `${lang} key`).toMatch(/^[A-Za-z0-9_]+$/);
        expect(typeof entry.message, `${lang} ${key}`).toBe('string');
        expect(entry.message.trim(), `${lang} ${key}`).not.toBe('');
      }
    }
  });

  it('every language has the same placeholders, each used in its message, and no stray $', () => {
    for (const key of Object.keys(messages.en)) {
      const shape = placeholderShape(messages.en[key]!);
      for (const lang of LANGS) {
        const entry = messages[lang][key]!;
        expect(placeholderShape(entry), `${lang} ${key} placeholders`).toEqual(shape);
        const named = [...entry.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]!.toLowerCase());
        expect([...new Set(named)].sort(), `${lang} ${key} uses its placeholders`).toEqual(Object.keys(shape).sort());
        const rest = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, '').replace(/\$\$/g, '');
        expect(rest, `${lang} ${key} has a stray $`).not.toMatch(/\$/);
      }
    }
  });

  it('English is the only one with descriptions, and every English message is described', () => {
    for (const [key, entry] of Object.entries(messages.en)) expect(entry.description, key).toBeTruthy();
  });

  it('Traditional Chinese uses traditional characters, Simplified Chinese simplified ones', () => {
    const simplifiedOnly = /[设网这个从载为时后发数据关开显记录词条页图标实无导读语选项认确删错误请输们样类别钮单应该将对进运转浏览]/;
    const traditionalOnly = /[設網這個從載為時後發數據關開顯記錄詞條頁圖標實無導讀語選項認確刪錯誤請輸們樣類別鈕單應該將對進運轉瀏覽]/;
    for (const [key, entry] of Object.entries(messages.zh_TW)) expect(entry.message, `zh_TW ${key}`).not.toMatch(simplifiedOnly);
    for (const [key, entry] of Object.entries(messages.zh_CN)) expect(entry.message, `zh_CN ${key}`).not.toMatch(traditionalOnly);
    // Something is actually translated.
    const translated = Object.keys(messages.en).filter((k) => messages.zh_TW[k]!.message !== messages.en[k]!.message);
    expect(translated.length).toBeGreaterThan(Object.keys(messages.en).length * 0.9);
  });

  it('the locale tag of each file matches its folder', () => {
    expect(messages.en.htmlLang!.message).toBe('en');
    expect(messages.zh_TW.htmlLang!.message).toBe('zh-TW');
    expect(messages.zh_CN.htmlLang!.message).toBe('zh-CN');
  });
});

describe('the code and the messages', () => {
  const used = usedKeys();

  it('finds the keys the code uses', () => {
    expect(used.size).toBeGreaterThan(50);
    expect(used.get('cardMarkedBecause')).toBe('components/CardView.tsx');
    expect(used.get('extDescription')).toBe('wxt.config.ts');
  });

  it('every key used in the code exists in every language', () => {
    for (const [key, file] of used) {
      for (const lang of LANGS) expect(messages[lang][key], `${key} (used in ${file}) in ${lang}`).toBeDefined();
    }
  });

  it('every message is used somewhere', () => {
    const unused = Object.keys(messages.en).filter((k) => !used.has(k));
    expect(unused).toEqual([]);
  });

  it('the pure modules return the English message as their English text', () => {
    const sites = [
      '',
      'https://www.example.com/news/1',
      'http://[nope',
      'news.*.com',
      'example.com/path',
      'file:///tmp/x',
      '-bad-.com',
      '*.127.0.0.1',
    ].map(parseSitePattern);
    for (const r of sites) {
      if (r.ok) expect(format('en', r.i18n!)).toBe(r.note);
      else expect(format('en', r.i18n)).toBe(r.error);
    }
    expect(new Set(sites.map((r) => r.i18n?.key)).size).toBe(8);

    const good = DEFAULT_SETTINGS;
    const files = [
      parseSettingsFile('', 2 * 1024 * 1024),
      parseSettingsFile('{ nope'),
      parseSettingsFile(JSON.stringify({ sites: [] })),
      parseSettingsFile(JSON.stringify({ kind: 'backstory-settings', settings: {} })),
      parseSettingsFile(JSON.stringify({ kind: 'backstory-settings', settings: { ...good, version: 99 } })),
      parseSettingsFile(JSON.stringify({ kind: 'backstory-settings', settings: { ...good, sites: ['news.*.com'] } })),
      parseSettingsFile(JSON.stringify({ kind: 'backstory-settings', settings: { ...good, hoverDelayMs: 'slow' } })),
      parseSettingsFile(JSON.stringify({ kind: 'backstory-settings', settings: { ...good, hoverDelayMs: 99999 } })),
    ];
    for (const r of files) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(format('en', r.i18n)).toBe(r.error);
    }
    const keys = files.map((r) => (r.ok ? undefined : r.i18n.key));
    expect(keys).toEqual(expect.arrayContaining(['importTooLarge', 'importNotJson', 'importNotSettings', 'importNoVersion', 'importNewerVersion', 'importBadSettingValue', 'importBadSetting']));
  });

  it('the same errors read naturally in Chinese, with their values in place', () => {
    const r = parseSitePattern('news.*.com');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(format('zh_TW', r.i18n)).toBe('萬用字元只能放在開頭，例如 *.example.com。');
      expect(format('zh_CN', r.i18n)).toBe('通配符只能放在开头，例如 *.example.com。');
    }
    const bad = parseSitePattern('example.com/path');
    if (!bad.ok) expect(format('zh_TW', bad.i18n)).toBe('「example.com/path」不是主機名稱：請去掉路徑、連接埠和空格。');
    expect(format('zh_CN', { key: 'cardShowMoreOther', params: ['3'] })).toBe('再显示 3 条事实');
  });
});
