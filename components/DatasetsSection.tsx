/**
 * The options page's "Datasets": the bundled dataset and the reader's packs, each with what it is
 * and holds, a switch, and for packs export and remove (with undo while the page is open).
 * Packs come in by the file picker or by a file dropped anywhere on the page; the background
 * checks them (utils/browser/pack-store.ts) and this view says why one was refused. Every text of a pack
 * is rendered as text.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../utils/browser/i18n';
import { askBackground, unlessAbsent } from '../utils/browser/messaging';
import type { DatasetInfo, PackAddRequest, ResponseFor } from '../utils/messages';
import { MAX_PACK_ALIASES, MAX_PACK_BYTES } from '../utils/pack-limits';
import { Switch } from './Switch';
import { downloadJson } from './download';

type Added = ResponseFor<'pack-add'>;
type Removed = Extract<ResponseFor<'pack-remove'>, { ok: true }>['removed'];

/** How the section reaches the background; tests may pass their own. */
export interface DatasetsApi {
  list: () => Promise<DatasetInfo[] | undefined>;
  add: (request: PackAddRequest) => Promise<Added | undefined>;
  setEnabled: (id: string, on: boolean) => Promise<boolean>;
  remove: (id: string) => Promise<Removed | undefined>;
  exportPack: (id: string) => Promise<{ text: string; file: string } | undefined>;
}

export const backgroundDatasets: DatasetsApi = {
  list: async () => {
    const res = await unlessAbsent(askBackground({ type: 'datasets' }), 'could not list the datasets');
    return res?.ok ? res.datasets : undefined;
  },
  add: (request) => unlessAbsent(askBackground({ type: 'pack-add', ...request }), 'could not add the pack'),
  setEnabled: async (id, on) => (await unlessAbsent(askBackground({ type: 'pack-switch', id, on }), 'could not switch the dataset'))?.ok ?? false,
  remove: async (id) => {
    const res = await unlessAbsent(askBackground({ type: 'pack-remove', id }), 'could not remove the pack');
    return res?.ok ? res.removed : undefined;
  },
  exportPack: async (id) => {
    const res = await unlessAbsent(askBackground({ type: 'pack-export', id }), 'could not export the pack');
    return res?.ok ? { text: res.text, file: res.file } : undefined;
  },
};

type Notice =
  | { kind: 'info' | 'error'; text: string; problems?: string[]; more?: number }
  | { kind: 'confirm'; text: string; request: PackAddRequest }
  | { kind: 'removed'; text: string; name: string; removed: Removed };

const MB = 1024 * 1024;

export function DatasetsSection({ api = backgroundDatasets }: { api?: DatasetsApi }) {
  const [datasets, setDatasets] = useState<DatasetInfo[] | undefined | null>(null);
  const [notice, setNotice] = useState<Notice | undefined>();
  const [busy, setBusy] = useState(false);
  const refresh = async () => setDatasets(await api.list());

  useEffect(() => {
    void refresh();
  }, []);

  const send = async (request: PackAddRequest) => {
    setBusy(true);
    setNotice({ kind: 'info', text: t('optionsPackChecking', [request.file]) });
    try {
      const res = await api.add(request);
      if (!res) setNotice({ kind: 'error', text: t('optionsDatasetsUnavailable') });
      else if (res.ok) {
        setNotice({
          kind: 'info',
          text: res.replaced
            ? t('optionsPackReplaced', [res.added.name ?? res.added.id, res.replaced, res.added.version])
            : t('optionsPackAdded', [res.added.name ?? res.added.id, res.added.entities, res.added.facts]),
        });
      } else if (res.existing) {
        const { name, version, newVersion, comparison } = res.existing;
        const which = comparison > 0 ? t('optionsPackNewer') : comparison < 0 ? t('optionsPackOlder') : t('optionsPackSame');
        setNotice({ kind: 'confirm', text: `${t('optionsPackExists', [name, version, newVersion])} ${which}`, request: { ...request, replace: true } });
      } else if (res.error === 'too-big') setNotice({ kind: 'error', text: t('optionsPackTooBig', [request.file, MAX_PACK_BYTES / MB]) });
      else if (res.error === 'too-many-aliases') setNotice({ kind: 'error', text: t('optionsPackTooManyAliases', [request.file, MAX_PACK_ALIASES.toLocaleString()]) });
      else setNotice({ kind: 'error', text: t('optionsPackRefused', [request.file]), problems: res.problems ?? [res.error], more: res.more });
    } finally {
      setBusy(false);
      await refresh();
    }
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    // Over the limit by itself: refused before reading a byte of it.
    if (file.size > MAX_PACK_BYTES) {
      setNotice({ kind: 'error', text: t('optionsPackTooBig', [file.name, MAX_PACK_BYTES / MB]) });
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch {
      setNotice({ kind: 'error', text: t('optionsPackUnreadable', [file.name]) });
      return;
    }
    await send({ text, file: file.name, replace: false });
  };

  // A file dropped anywhere on the page is a pack to import (the settings file has its own picker).
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      const file = e.dataTransfer?.files[0];
      // A file input takes its own drops (the settings file's).
      if (!file || (e.target instanceof HTMLInputElement && e.target.type === 'file')) return;
      e.preventDefault();
      void importFile(file);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);

  const switchOn = async (d: DatasetInfo, on: boolean) => {
    setDatasets((list) => list?.map((x) => (x.id === d.id ? { ...x, enabled: on } : x)));
    await api.setEnabled(d.id, on);
    await refresh();
  };

  const remove = async (d: DatasetInfo) => {
    const removed = await api.remove(d.id);
    const name = d.name ?? d.id;
    if (removed) setNotice({ kind: 'removed', text: t('optionsPackRemoved', [name]), name, removed });
    await refresh();
  };

  const undo = async (n: Extract<Notice, { kind: 'removed' }>) => {
    const { text, file, enabled, order } = n.removed;
    const res = await api.add({ text, file, replace: true, enabled, order });
    setNotice(res?.ok ? { kind: 'info', text: t('optionsPackRestored', [n.name]) } : { kind: 'error', text: t('optionsDatasetsUnavailable') });
    await refresh();
  };

  const exportPack = async (d: DatasetInfo) => {
    const pack = await api.exportPack(d.id);
    if (!pack) return;
    downloadJson(pack.text, pack.file.endsWith('.json') ? pack.file : `${d.id}.json`);
  };

  return (
    <section aria-labelledby="datasets-heading">
      <h2 id="datasets-heading">{t('optionsDatasetsHeading')}</h2>
      <p class="muted">{t('optionsDatasetsIntro')}</p>
      {datasets === undefined && <p class="error">{t('optionsDatasetsUnavailable')}</p>}
      {datasets && (
        <ul aria-label={t('optionsDatasetsHeading')} class="datasets">
          {datasets.map((d) => {
            const name = d.kind === 'bundled' ? t('optionsBundledName') : (d.name ?? d.id);
            return (
              <li key={d.id} class="dataset">
                <Switch label={t('optionsDatasetUse', [name])} checked={d.enabled} disabled={busy} onChange={(on) => void switchOn(d, on)} />
                <p class="meta">
                  {d.kind === 'bundled' ? t('optionsBundledMeta', [d.version]) : t('optionsDatasetMeta', [d.publisher ?? '', d.version, d.date ?? ''])}
                  {' · '}
                  {t('optionsDatasetCounts', [d.entities, d.facts, d.aliases])}
                </p>
                {d.description && <p class="muted">{d.description}</p>}
                {(d.licence || d.homepage) && (
                  <p class="muted">
                    {d.licence && t('optionsDatasetLicence', [d.licence])}
                    {d.licence && d.homepage && ' · '}
                    {d.homepage && (
                      <a href={d.homepage} target="_blank" rel="noopener noreferrer">
                        {t('optionsDatasetHomepage', [name])}
                      </a>
                    )}
                  </p>
                )}
                {d.shared > 0 && <p class="muted">{t('optionsDatasetShared', [d.shared])}</p>}
                {d.kind === 'pack' && (
                  <p>
                    <button type="button" aria-label={t('optionsExportPackNamed', [name])} onClick={() => void exportPack(d)}>
                      {t('optionsExportPack')}
                    </button>{' '}
                    <button type="button" aria-label={t('optionsRemovePackNamed', [name])} disabled={busy} onClick={() => void remove(d)}>
                      {t('optionsRemove')}
                    </button>
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <p>
        <label for="import-pack" class="file-label">
          {t('optionsImportPack')}
        </label>{' '}
        <input
          id="import-pack"
          type="file"
          accept="application/json,.json"
          disabled={busy}
          onChange={(e) => {
            const input = e.target as HTMLInputElement;
            const file = input.files?.[0];
            input.value = '';
            void importFile(file);
          }}
        />
      </p>
      <div role={notice?.kind === 'error' ? 'alert' : 'status'} class={notice?.kind === 'error' ? 'error' : undefined}>
        {notice && <p>{notice.text}</p>}
        {notice?.kind === 'error' && notice.problems && (
          <ul class="problems">
            {notice.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
            {!!notice.more && <li>{t('optionsPackMore', [notice.more])}</li>}
          </ul>
        )}
        {notice?.kind === 'confirm' && (
          <p>
            <button type="button" onClick={() => void send(notice.request)}>
              {t('optionsPackReplace')}
            </button>{' '}
            <button type="button" onClick={() => setNotice(undefined)}>
              {t('optionsPackKeep')}
            </button>
          </p>
        )}
        {notice?.kind === 'removed' && (
          <p>
            <button type="button" onClick={() => void undo(notice)}>
              {t('optionsPackUndo')}
            </button>
          </p>
        )}
      </div>
    </section>
  );
}
