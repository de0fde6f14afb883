import { beforeEach, describe, expect, it, vi } from 'vitest';

/** A storage area whose every read and write takes its own while, as a real one may. */
const store = vi.hoisted(() => {
  const data: Record<string, unknown> = {};
  const later = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
  return {
    data,
    area: {
      get: async (key: string) => {
        await later();
        return key in data ? { [key]: structuredClone(data[key]) } : {};
      },
      set: async (items: Record<string, unknown>) => {
        await later();
        Object.assign(data, structuredClone(items));
      },
      onChanged: { addListener() {}, removeListener() {} },
    },
  };
});

vi.mock('webextension-polyfill', () => ({ default: { storage: { sync: store.area, local: store.area } } }));

const { loadSettings, updateSettings } = await import('../../utils/settings-store');

describe('updateSettings', () => {
  beforeEach(() => {
    for (const key of Object.keys(store.data)) delete store.data[key];
  });

  it('keeps every one of several changes made at once', async () => {
    const sites = ['a.example', 'b.example', 'c.example', 'd.example'];
    const results = await Promise.all([
      ...sites.map((site) => updateSettings((s) => ({ ...s, sites: [...s.sites, site] }))),
      updateSettings((s) => ({ ...s, allMentions: true })),
    ]);
    const saved = await loadSettings();
    expect(saved.sites).toEqual(sites);
    expect(saved.allMentions).toBe(true);
    expect(results.at(-1)).toEqual(saved);
  });

  it('goes on with the next change after one fails', async () => {
    const failed = updateSettings(() => {
      throw new Error('no');
    });
    const next = updateSettings((s) => ({ ...s, paused: true }));
    await expect(failed).rejects.toThrow('no');
    expect((await next).paused).toBe(true);
    expect((await loadSettings()).paused).toBe(true);
  });
});
