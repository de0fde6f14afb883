/**
 * The toolbar popup: what the current page mentions, and a switch for the site.
 */
import { useEffect, useState } from 'preact/hooks';
import type { FoundEntity } from '../utils/messages';
import { Switch } from './Switch';

export interface PopupState {
  host?: string;
  /** Why Backstory cannot run on this tab, when it cannot. */
  unsupported?: string;
  enabled: boolean;
  found: FoundEntity[];
}

export interface PopupProps {
  load: () => Promise<PopupState>;
  setSiteEnabled: (host: string, on: boolean) => Promise<void>;
  reveal: (id: string) => void;
  openOptions: () => void;
}

export function PopupApp(props: PopupProps) {
  const [state, setState] = useState<PopupState | undefined>();
  const refresh = () => props.load().then(setState);
  useEffect(() => void refresh(), []);

  if (!state) return <p class="muted">Scanning this page…</p>;
  const total = state.found.reduce((n, f) => n + f.count, 0);
  return (
    <main>
      <h1>Backstory</h1>
      {state.unsupported ? (
        <p role="status">{state.unsupported}</p>
      ) : (
        <>
          {state.host && (
            <Switch
              label={state.host}
              checked={state.enabled}
              onChange={async (on) => {
                await props.setSiteEnabled(state.host!, on);
                // The tab rescans on the settings change; read it back.
                setTimeout(() => void refresh(), 150);
              }}
            />
          )}
          {!state.enabled ? (
            <p role="status">Backstory is off on this site.</p>
          ) : state.found.length === 0 ? (
            <p role="status">Nothing from Backstory's dataset was found on this page.</p>
          ) : (
            <>
              <p class="muted" role="status">
                {state.found.length} {state.found.length === 1 ? 'entity' : 'entities'}, {total} mentions
              </p>
              <ul role="list" aria-label="Found on this page" class="found">
                {state.found.map((f) => (
                  <li key={f.id}>
                    <button type="button" class="entity" onClick={() => props.reveal(f.id)}>
                      <span class="name">{f.name}</span>
                      <span class="count" aria-label={`${f.count} mentions`}>
                        {f.count}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      <p>
        <a
          href="options.html"
          onClick={(e) => {
            e.preventDefault();
            props.openOptions();
          }}
        >
          Settings
        </a>
      </p>
    </main>
  );
}
