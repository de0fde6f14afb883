/**
 * The toolbar popup: what the current page mentions, grouped by kind, and how it fits together
 * on one timeline; a switch for the site and one for everywhere.
 */
import { useEffect, useState } from 'preact/hooks';
import { GROUP_LABELS, localDate, t } from '../utils/i18n';
import type { EntityCard, FoundEntity } from '../utils/messages';
import { CATEGORIES } from '../utils/schema';
import { mergeTimeline } from '../utils/timeline';
import { saveFailure } from './save-failure';
import { Switch } from './Switch';

export interface PopupState {
  host?: string;
  /** Why Backstory cannot run on this tab, when it cannot. */
  unsupported?: string;
  enabled: boolean;
  paused: boolean;
  scanning: boolean;
  found: FoundEntity[];
  /** The found entities' cards (summaries and dated facts), when the background answered. */
  cards: EntityCard[];
}

export interface PopupProps {
  load: () => Promise<PopupState>;
  setSiteEnabled: (host: string, on: boolean) => Promise<void>;
  setPaused: (paused: boolean) => Promise<void>;
  reveal: (id: string) => void;
  openOptions: () => void;
}

const mentions = (n: number) => (n === 1 ? t('popupMentionsOne') : t('popupMentionsOther', [n]));
const entities = (n: number) => (n === 1 ? t('popupEntitiesOne') : t('popupEntitiesOther', [n]));

/** While the page is still being read, ask again this often. */
const SCANNING_POLL_MS = 250;

export function PopupApp(props: PopupProps) {
  const [state, setState] = useState<PopupState | undefined>();
  const [order, setOrder] = useState<'oldest' | 'newest'>('oldest');
  const [saveError, setSaveError] = useState<string | undefined>();
  const refresh = () => props.load().then(setState);
  useEffect(() => void refresh(), []);
  useEffect(() => {
    if (!state?.scanning) return;
    const timer = setTimeout(() => void refresh(), SCANNING_POLL_MS);
    return () => clearTimeout(timer);
  }, [state]);

  if (!state) return <p role="status" class="muted">{t('popupScanning')}</p>;
  const total = state.found.reduce((n, f) => n + f.count, 0);
  const cardOf = new Map(state.cards.map((c) => [c.entity.id, c]));
  const groups = CATEGORIES.map((c) => ({ category: c, entities: state.found.filter((f) => f.category === c) })).filter((g) => g.entities.length);
  const afterToggle = () => setTimeout(() => void refresh(), 150);
  /** Shows a switch's new position at once; puts it back, and says why, if it could not be saved. */
  const toggle = async (shown: PopupState, save: () => Promise<void>) => {
    const before = state;
    setState(shown);
    try {
      await save();
      setSaveError(undefined);
    } catch (e) {
      setState(before);
      setSaveError(saveFailure(e));
      return;
    }
    afterToggle();
  };

  return (
    <main>
      <h1>{t('extName')}</h1>
      {state.unsupported ? (
        <p role="status">{state.unsupported}</p>
      ) : (
        <>
          <div class="switches">
            {state.host && (
              <Switch
                label={state.host}
                checked={state.enabled}
                disabled={state.paused}
                onChange={(on) => toggle({ ...state, enabled: on }, () => props.setSiteEnabled(state.host!, on))}
              />
            )}
            <Switch
              label={t('popupPauseEverywhere')}
              checked={state.paused}
              onChange={(on) => toggle({ ...state, paused: on }, () => props.setPaused(on))}
            />
          </div>
          {saveError && (
            <p role="alert" class="error">
              {saveError}
            </p>
          )}
          {state.paused ? (
            <p role="status">{t('popupPaused')}</p>
          ) : !state.enabled ? (
            <p role="status">{t('popupSiteOff')}</p>
          ) : state.scanning && state.found.length === 0 ? (
            <p role="status">{t('popupScanning')}</p>
          ) : state.found.length === 0 ? (
            <p role="status">{t('popupNothingFound')}</p>
          ) : (
            <>
              <p class="muted" role="status">
                {t('popupFoundSummary', [entities(state.found.length), mentions(total)])}
              </p>
              <ul aria-label={t('popupFoundList')} class="found">
                {groups.map((g) => (
                  <li class="group" key={g.category}>
                    <h2 id={`group-${g.category}`}>{t(GROUP_LABELS[g.category])}</h2>
                    <ul aria-labelledby={`group-${g.category}`}>
                      {g.entities.map((f) => (
                        <li key={f.id} class="item" data-entity={f.id}>
                          <button type="button" class="entity" onClick={() => props.reveal(f.id)}>
                            <span class="name">{f.name}</span>
                            <span class="count" aria-label={mentions(f.count)}>
                              {f.count}
                            </span>
                            {cardOf.get(f.id) && <span class="summary">{cardOf.get(f.id)!.entity.summary}</span>}
                          </button>
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
              {state.cards.length > 0 && <Timeline found={state.found} cards={state.cards} order={order} setOrder={setOrder} />}
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
          {t('popupSettings')}
        </a>
      </p>
    </main>
  );
}

function Timeline(props: { found: FoundEntity[]; cards: EntityCard[]; order: 'oldest' | 'newest'; setOrder: (o: 'oldest' | 'newest') => void }) {
  const names = new Map(props.found.map((f) => [f.id, f.name]));
  const sources = new Map(props.cards.flatMap((c) => c.sources.map((s) => [s.id, s] as const)));
  const rows = mergeTimeline(
    props.cards.map((c) => ({ entityId: c.entity.id, facts: c.entity.facts })),
    props.order,
  );
  return (
    <section aria-labelledby="timeline-heading" class="timeline">
      <div class="timeline-head">
        <h2 id="timeline-heading">{t('popupTimeline')}</h2>
        <button type="button" onClick={() => props.setOrder(props.order === 'oldest' ? 'newest' : 'oldest')}>
          {props.order === 'oldest' ? t('popupNewestFirst') : t('popupOldestFirst')}
        </button>
      </div>
      <ol aria-label={t('popupTimeline')}>
        {rows.map((row) => (
          <li key={`${row.entityId}-${row.date}-${row.item.text}`}>
            <time dateTime={row.date}>{localDate(row.date)}</time>
            <span class="who">{names.get(row.entityId) ?? row.entityId}</span>
            <span class="what">{row.item.text}</span>
            <span class="source">
              {row.item.sources
                .map((id) => sources.get(id))
                .filter((s) => s !== undefined)
                .map((s) => `${s.publisher}, “${s.title}”`)
                .join('; ')}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
