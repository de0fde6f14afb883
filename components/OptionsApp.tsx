/**
 * The options page: where Backstory runs, and what the local dataset holds.
 */
import { useEffect, useState } from 'preact/hooks';
import type { DatasetStatus } from '../utils/messages';
import type { Settings } from '../utils/settings';
import { parseSitePattern } from '../utils/sites';

export interface OptionsProps {
  load: () => Promise<Settings>;
  save: (change: (s: Settings) => Settings) => Promise<Settings>;
  status: () => Promise<DatasetStatus | undefined>;
}

export function OptionsApp(props: OptionsProps) {
  const [settings, setSettings] = useState<Settings | undefined>();
  const [status, setStatus] = useState<DatasetStatus | undefined>();
  const [draft, setDraft] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | undefined>();

  useEffect(() => {
    void props.load().then(setSettings);
    void props.status().then(setStatus);
  }, []);

  if (!settings) return <p class="muted">Loading…</p>;
  const change = async (f: (s: Settings) => Settings) => setSettings(await props.save(f));

  const addSite = async (e: Event) => {
    e.preventDefault();
    const parsed = parseSitePattern(draft);
    if (!parsed.ok) {
      setMessage({ text: parsed.error, error: true });
      return;
    }
    await change((s) => (s.sites.includes(parsed.pattern) ? s : { ...s, sites: [...s.sites, parsed.pattern] }));
    setDraft('');
    setMessage({ text: parsed.note ? `${parsed.note} Added ${parsed.pattern}.` : `Added ${parsed.pattern}.`, error: false });
  };

  const listLabel = settings.siteMode === 'everywhere-except' ? 'Sites where Backstory is off' : 'Sites where Backstory is on';
  return (
    <main>
      <h1>Backstory settings</h1>
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
        <p id="site-message" role="status" class={message?.error ? 'error' : 'muted'}>
          {message?.text ?? ''}
        </p>
        <ul aria-label={listLabel} class="sites">
          {settings.sites.map((site) => (
            <li key={site}>
              <span>{site}</span>{' '}
              <button
                type="button"
                aria-label={`Remove ${site}`}
                onClick={() => change((s) => ({ ...s, sites: s.sites.filter((x) => x !== site) }))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
        {settings.sites.length === 0 && <p class="muted">No sites listed.</p>}
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
        <p>Nothing leaves your browser: Backstory reads pages on your device and sends nothing anywhere.</p>
      </section>
    </main>
  );
}
