import { beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * A storage area whose every read and write waits until the test lets it finish, so a test can
 * see which calls are under way at once, and in which order they are answered.
 */
const store = vi.hoisted(() => {
  const data: Record<string, unknown> = {};
  const waiting: Array<() => void> = [];
  const listeners = new Set<(changes: Record<string, { newValue?: unknown }>) => void>();
  let failNextSet: Error | undefined;
  const held = () => new Promise<void>((resolve) => waiting.push(resolve));
  const pick = (keys: string | string[] | null) =>
    Object.fromEntries(Object.entries(data).filter(([k]) => keys === null || (Array.isArray(keys) ? keys.includes(k) : k === keys)).map(([k, v]) => [k, structuredClone(v)]));
  return {
    data,
    waiting,
    writes: [] as Array<Record<string, unknown>>,
    failNextSet: (e: Error) => (failNextSet = e),
    area: {
      get: async (keys: string | string[] | null) => {
        await held();
        return pick(keys);
      },
      set: async (items: Record<string, unknown>) => {
        await held();
        if (failNextSet) {
          const e = failNextSet;
          failNextSet = undefined;
          throw e;
        }
        store.writes.push(structuredClone(items));
        Object.assign(data, structuredClone(items));
        const changes = Object.fromEntries(Object.entries(items).map(([k, v]) => [k, { newValue: v }]));
        for (const l of listeners) l(changes);
      },
      remove: async (key: string) => {
        await held();
        delete data[key];
        for (const l of listeners) l({ [key]: {} });
      },
      onChanged: { addListener: (l: never) => listeners.add(l), removeListener: (l: never) => listeners.delete(l) },
    },
  };
});

vi.mock('webextension-polyfill', () => ({ default: { storage: { sync: store.area, local: store.area } } }));

const { loadSettings, migrateStoredSettings, onSettingsChanged, updateSettings } = await import('../../utils/browser/settings-store');
const { DEFAULT_SETTINGS, SettingsRefused, toStorage } = await import('../../utils/settings');

/** Lets the storage calls finish one at a time until `done` settles; returns the most ever under way at once. */
async function answerAll(done: Promise<unknown>): Promise<number> {
  let settled = false;
  void done.finally(() => (settled = true)).catch(() => undefined);
  let most = 0;
  for (;;) {
    // Give every promise that is ready its turn, so that each call that can start has started.
    for (let i = 0; i < 20; i++) await Promise.resolve();
    most = Math.max(most, store.waiting.length);
    const next = store.waiting.shift();
    if (next) next();
    else if (settled) return most;
    else await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('updateSettings', () => {
  beforeEach(() => {
    for (const key of Object.keys(store.data)) delete store.data[key];
    store.writes.length = 0;
  });

  it('keeps every one of several changes made at once, one storage call at a time', async () => {
    const sites = ['a.example', 'b.example', 'c.example', 'd.example'];
    const all = Promise.all([
      ...sites.map((site) => updateSettings((s) => ({ ...s, sites: [...s.sites, site] }))),
      updateSettings((s) => ({ ...s, allMentions: true })),
    ]);
    // Each update reads only once the one before it has written.
    expect(await answerAll(all)).toBe(1);
    const results = await all;
    const saved = loadSettings();
    await answerAll(saved);
    expect((await saved).sites).toEqual(sites);
    expect((await saved).allMentions).toBe(true);
    expect(results.at(-1)).toEqual(await saved);
  });

  it('goes on with the next change after one fails', async () => {
    const failed = updateSettings(() => {
      throw new Error('no');
    });
    const next = updateSettings((s) => ({ ...s, paused: true }));
    await answerAll(Promise.allSettled([failed, next]));
    await expect(failed).rejects.toThrow('no');
    expect((await next).paused).toBe(true);
    expect(store.data.paused).toBe(true);
  });

  it('writes only the settings a change touched', async () => {
    Object.assign(store.data, toStorage({ ...DEFAULT_SETTINGS, hoverDelayMs: 300 }));
    const done = updateSettings((s) => ({ ...s, paused: true }));
    await answerAll(done);
    expect(store.writes).toEqual([{ paused: true }]);
  });

  it('refuses a list that would not fit, and leaves storage as it was', async () => {
    Object.assign(store.data, toStorage({ ...DEFAULT_SETTINGS, sites: ['example.com'] }));
    const before = structuredClone(store.data);
    const tooMany = Array.from({ length: 5000 }, (_, i) => `site-number-${i}.example.com`);
    const done = updateSettings((s) => ({ ...s, sites: tooMany }));
    await answerAll(done.catch(() => undefined));
    await expect(done).rejects.toEqual(new SettingsRefused('sites', true));
    expect(store.data).toEqual(before);
    expect(store.writes).toEqual([]);
  });

  it('refuses a value that is not valid, saying it is not about length', async () => {
    const done = updateSettings((s) => ({ ...s, sites: ['[::1]'] }));
    await answerAll(done.catch(() => undefined));
    await expect(done).rejects.toEqual(new SettingsRefused('sites', false));
    expect(store.data).toEqual({});
  });

  it('passes on the browser refusing a write, with storage as it was', async () => {
    store.failNextSet(new Error('QUOTA_BYTES_PER_ITEM quota exceeded'));
    const done = updateSettings((s) => ({ ...s, paused: true }));
    await answerAll(done.catch(() => undefined));
    await expect(done).rejects.toThrow('QUOTA');
    expect(store.data).toEqual({});
  });

  it('moves settings kept in one item by earlier builds to their own keys, with nothing lost', async () => {
    store.data.settings = { version: 1, categories: ['person', 'law'], sites: ['example.com', 42, 'news.example.org'], hoverDelayMs: 450, hiddenEntities: ['tiktok'] };
    const expected = loadSettings();
    await answerAll(expected);
    const done = migrateStoredSettings();
    await answerAll(done);
    expect(store.data.settings).toBeUndefined();
    expect(store.data).toMatchObject({ sites: ['example.com', 'news.example.org'], hoverDelayMs: 450, hiddenEntities: ['tiktok'] });
    const after = loadSettings();
    await answerAll(after);
    expect(await after).toEqual(await expected);
    expect((await after).hiddenCategories).not.toContain('law');
  });

  it('tells listeners the whole settings when only some keys change', async () => {
    Object.assign(store.data, toStorage({ ...DEFAULT_SETTINGS, sites: ['example.com'] }));
    const heard: boolean[] = [];
    const stop = onSettingsChanged((s) => {
      expect(s.sites).toEqual(['example.com']);
      heard.push(s.paused);
    });
    await answerAll(updateSettings((s) => ({ ...s, paused: true })));
    await answerAll(updateSettings((s) => ({ ...s, paused: false })));
    await answerAll(new Promise((resolve) => setImmediate(resolve)));
    stop();
    expect(heard).toEqual([true, false]);
  });

  it('never tells a listener the settings from before a change this script is still making', async () => {
    // A site added, then a box ticked at once: the site's change event must not be answered with a
    // read taken before the tick was written, after the tick was saved.
    const heard: boolean[] = [];
    const stop = onSettingsChanged((s) => heard.push(s.allMentions));
    const site = updateSettings((s) => ({ ...s, sites: ['example.com'] }));
    const tick = updateSettings((s) => ({ ...s, allMentions: true }));
    await answerAll(Promise.all([site, tick]));
    await answerAll(new Promise((resolve) => setImmediate(resolve)));
    stop();
    expect(heard.length).toBeGreaterThan(0);
    expect(heard).not.toContain(false);
  });

  it('never tells a listener a read that a change begun while it was under way has made stale', async () => {
    // A site added; while its change event is being answered, a box ticked: the read under way
    // would answer with the box unticked, after the page had ticked it.
    const heard: boolean[] = [];
    const stop = onSettingsChanged((s) => heard.push(s.allMentions));
    const nextCall = async () => {
      for (let i = 0; i < 20; i++) await Promise.resolve();
      return store.waiting.shift();
    };
    const site = updateSettings((s) => ({ ...s, sites: ['example.com'] }));
    (await nextCall())!(); // the site's read
    (await nextCall())!(); // the site's write, which fires the change event
    await site;
    const listenerRead = await nextCall();
    expect(listenerRead).toBeDefined();
    const tick = updateSettings((s) => ({ ...s, allMentions: true }));
    listenerRead!();
    await answerAll(tick);
    await answerAll(new Promise((resolve) => setImmediate(resolve)));
    stop();
    expect(heard.length).toBeGreaterThan(0);
    expect(heard).not.toContain(false);
  });
});
