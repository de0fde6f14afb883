/**
 * The options page: where Backstory runs, what it marks and how, settings in and out, and what
 * the local dataset holds.
 */
import { useEffect, useState } from 'preact/hooks';
import type { DatasetStatus } from '../utils/messages';
import { CATEGORIES } from '../utils/schema';
import {
  HOVER_DELAY_MAX_MS,
  HOVER_DELAY_MIN_MS,
  isCategoryShown,
  type Settings,
} from '../utils/settings';
import { exportSettings, MAX_IMPORT_BYTES, parseSettingsFile } from '../utils/settings-file';
import { parseSitePattern } from '../utils/sites';
import { Switch } from './Switch';

export interface OptionsProps {
  load: () => Promise<Settings>;
  save: (change: (s: Settings) => Settings) => Promise<Settings>;
  status: () => Promise<DatasetStatus | undefined>;
  rebuild: () => Promise<DatasetStatus | undefined>;
  /** Entity names, for the list of hidden terms. */
  nameOf: (id: string) => string | undefined;
}

type Notice = { text: string; error: boolean } | undefined;

const CATEGORY_LABELS: Record<(typeof CATEGORIES)[number], string> = {
  person: 'People',
  company: 'Companies',
  product: 'Products',
  law: 'Laws',
  institution: 'Institutions',
  place: 'Places',
  concept: 'Concepts',
  slogan: 'Slogans',
  event: 'Events',
};

export function OptionsApp(props: OptionsProps) {
  const [settings, setSettings] = useState<Settings | undefined>();
  const [status, setStatus] = useState<DatasetStatus | undefined>();
  const [draft, setDraft] = useState('');
  const [filter, setFilter] = useState('');
  const [siteNotice, setSiteNotice] = useState<Notice>();
  const [fileNotice, setFileNotice] = useState<Notice>();
  const [saveError, setSaveError] = useState<string | undefined>();
  const [rebuilding, setRebuilding] = useState(false);

  useEffect(() => {
    void props.load().then(setSettings);
    void props.status().then(setStatus);
  }, []);

  if (!settings) return <p class="muted">Loading…</p>;

  const change = async (f: (s: Settings) => Settings): Promise<boolean> => {
    try {
      setSettings(await props.save(f));
      setSaveError(undefined);
      return true;
    } catch (e) {
      // Quota or a broken storage: say so; marking goes on with what was saved before.
      setSaveError(`Your change could not be saved: ${(e as Error)?.message ?? e}. Backstory keeps working with your previous settings.`);
      return false;
    }
  };

  const addSite = async (e: Event) => {
    e.preventDefault();
    const parsed = parseSitePattern(draft);
    if (!parsed.ok) {
      setSiteNotice({ text: parsed.error, error: true });
      return;
    }
    if (await change((s) => (s.sites.includes(parsed.pattern) ? s : { ...s, sites: [...s.sites, parsed.pattern] }))) {
      setDraft('');
      setSiteNotice({ text: parsed.note ? `${parsed.note} Added ${parsed.pattern}.` : `Added ${parsed.pattern}.`, error: false });
    }
  };

  const download = () => {
    const blob = new Blob([exportSettings(settings)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'backstory-settings.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const result = file.size > MAX_IMPORT_BYTES ? parseSettingsFile('', file.size) : parseSettingsFile(await file.text(), file.size);
    if (!result.ok) {
      setFileNotice({ text: result.error, error: true });
      return;
    }
    if (await change(() => result.settings)) setFileNotice({ text: `Imported settings from ${file.name}.`, error: false });
  };

  const shownSites = settings.sites.filter((s) => s.includes(filter.trim().toLowerCase()));
  const listLabel = settings.siteMode === 'everywhere-except' ? 'Sites where Backstory is off' : 'Sites where Backstory is on';
  return (
    <main>
      <h1>Backstory settings</h1>
      {saveError && (
        <p role="alert" class="error">
          {saveError}
        </p>
      )}
      <Switch label="Pause Backstory everywhere" checked={settings.paused} onChange={(on) => change((s) => ({ ...s, paused: on }))} />

      <section aria-labelledby="sites-heading">
        <h2 id="sites-heading">Sites</h2>
        <fieldset>
          <legend>Where Backstory runs</legend>
          <label>
            <input
              type="radio"
              name="mode"
              checked={settings.siteMode === 'everywhere-except'}
              onChange={() => change((s) => ({ ...s, siteMode: 'everywhere-except' }))}
            />{' '}
            Everywhere except the sites listed
          </label>
          <br />
          <label>
            <input
              type="radio"
              name="mode"
              checked={settings.siteMode === 'only-listed'}
              onChange={() => change((s) => ({ ...s, siteMode: 'only-listed' }))}
            />{' '}
            Only on the sites listed
          </label>
        </fieldset>
        <form onSubmit={addSite} class="add-site">
          <label for="site-input">Add a site</label>{' '}
          <input
            id="site-input"
            type="text"
            placeholder="example.com or *.example.com"
            value={draft}
            onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
            aria-describedby="site-message"
          />{' '}
          <button type="submit">Add</button>
        </form>
        <p id="site-message" role="status" class={siteNotice?.error ? 'error' : 'muted'}>
          {siteNotice?.text ?? ''}
        </p>
        {settings.sites.length > 5 && (
          <p>
            <label for="site-filter">Search sites</label>{' '}
            <input id="site-filter" type="search" value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
          </p>
        )}
        <ul aria-label={listLabel} class="sites">
          {shownSites.map((site) => (
            <li key={site}>
              <span>{site}</span>{' '}
              <button type="button" aria-label={`Remove ${site}`} onClick={() => change((s) => ({ ...s, sites: s.sites.filter((x) => x !== site) }))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
        {settings.sites.length === 0 && <p class="muted">No sites listed.</p>}
      </section>

      <section aria-labelledby="marks-heading">
        <h2 id="marks-heading">What to mark, and how</h2>
        <fieldset>
          <legend>Categories to mark</legend>
          <div class="grid">
            {CATEGORIES.map((c) => (
              <label key={c}>
                <input
                  type="checkbox"
                  checked={isCategoryShown(settings, c)}
                  onChange={(e) => {
                    const on = (e.target as HTMLInputElement).checked;
                    void change((s) => ({
                      ...s,
                      hiddenCategories: on ? s.hiddenCategories.filter((x) => x !== c) : [...new Set([...s.hiddenCategories, c])],
                    }));
                  }}
                />{' '}
                {CATEGORY_LABELS[c]}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>Mark style</legend>
          {(
            [
              ['underline', 'Dotted underline'],
              ['background', 'Background colour'],
              ['none', 'None (only the toolbar popup lists what was found)'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} class="block">
              <input type="radio" name="style" checked={settings.markStyle === value} onChange={() => change((s) => ({ ...s, markStyle: value }))} /> {label}
            </label>
          ))}
        </fieldset>
        <p>
          <label>
            <input type="checkbox" checked={settings.allMentions} onChange={(e) => change((s) => ({ ...s, allMentions: (e.target as HTMLInputElement).checked }))} /> Mark
            every mention, not only the first of each
          </label>
        </p>
        <p>
          <label for="hover-delay">Hover delay before a card opens (milliseconds)</label>{' '}
          <input
            id="hover-delay"
            type="number"
            min={HOVER_DELAY_MIN_MS}
            max={HOVER_DELAY_MAX_MS}
            step={50}
            value={settings.hoverDelayMs}
            onChange={(e) => {
              const v = Number((e.target as HTMLInputElement).value);
              if (Number.isInteger(v) && v >= HOVER_DELAY_MIN_MS && v <= HOVER_DELAY_MAX_MS) void change((s) => ({ ...s, hoverDelayMs: v }));
            }}
          />
        </p>
      </section>

      <section aria-labelledby="hidden-heading">
        <h2 id="hidden-heading">Hidden terms</h2>
        {settings.hiddenEntities.length === 0 ? (
          <p class="muted">No hidden terms. “Hide this term” on a card hides one.</p>
        ) : (
          <ul aria-label="Hidden terms" class="sites">
            {settings.hiddenEntities.map((id) => {
              const name = props.nameOf(id) ?? id;
              return (
                <li key={id}>
                  <span>{name}</span>{' '}
                  <button type="button" aria-label={`Show ${name} again`} onClick={() => change((s) => ({ ...s, hiddenEntities: s.hiddenEntities.filter((x) => x !== id) }))}>
                    Show again
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="file-heading">
        <h2 id="file-heading">Keep or move your settings</h2>
        <p>
          <button type="button" onClick={download}>
            Export settings
          </button>{' '}
          <label for="import-file" class="file-label">
            Import settings
          </label>{' '}
          <input id="import-file" type="file" accept="application/json,.json" onChange={(e) => void importFile(e.target as HTMLInputElement)} />
        </p>
        <p role="status" class={fileNotice?.error ? 'error' : 'muted'}>
          {fileNotice?.text ?? ''}
        </p>
      </section>

      <section aria-labelledby="about-heading">
        <h2 id="about-heading">About the data</h2>
        {status ? (
          <p>
            Dataset {status.version}: {status.entities} entities, {status.facts} facts
            {status.loadedAt ? `, loaded ${new Date(status.loadedAt).toLocaleString()}` : ', served from the bundled copy'}.
          </p>
        ) : (
          <p class="muted">The dataset's status is not available.</p>
        )}
        <p>
          <button
            type="button"
            disabled={rebuilding}
            onClick={async () => {
              setRebuilding(true);
              setStatus(await props.rebuild());
              setRebuilding(false);
            }}
          >
            {rebuilding ? 'Rebuilding…' : 'Rebuild the local database'}
          </button>
        </p>
        <h3>Privacy</h3>
        <p>
          Nothing leaves your browser. Backstory reads pages on your device, looks names up in the dataset it carries with it, and
          sends nothing anywhere. It keeps no record of the pages you visit; only these settings are stored.
        </p>
      </section>
    </main>
  );
}
