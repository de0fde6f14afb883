/**
 * The toolbar popup: the page's story (the facts that tie what it mentions together, around the
 * article's date), what it mentions, weightiest first, and every fact behind "All facts"; a switch
 * for the site and one for everywhere.
 */
import { useEffect, useState } from 'preact/hooks';
import { CATEGORY_LABELS, localDate, t } from '../utils/browser/i18n';
import type { EntityCard, FoundEntity } from '../utils/messages';
import { byWeight, storyFacts } from '../utils/story';
import { mergeTimeline } from '../utils/timeline';
import { saveFailure } from './save-failure';
import { StoryStrip, type StoryPoint } from './StoryStrip';
import { Switch } from './Switch';

export interface PopupState {
  host?: string;
  /** Why Backstory cannot run on this tab, when it cannot. */
  unsupported?: string;
  enabled: boolean;
  paused: boolean;
  scanning: boolean;
  found: FoundEntity[];
  /** The article's publication day, when the page states it. */
  date?: string;
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
  const [allFacts, setAllFacts] = useState(false);
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
  // The page's order breaks ties in weight, and decides which card tells a shared fact.
  const found = byWeight(state.found);
  const names = new Map(found.map((f) => [f.id, f.name]));
  const points: StoryPoint[] = storyFacts(
    found.flatMap((f) => (cardOf.get(f.id) ? [{ entityId: f.id, facts: cardOf.get(f.id)!.entity.facts }] : [])),
    { names },
  ).map((row) => ({ who: [row.entityId, ...row.ties].map((id) => names.get(id) ?? id), fact: row.fact }));
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
              {points.length > 0 && <StoryStrip points={points} date={state.date} />}
              <h2 id="found-heading">{t('popupFoundList')}</h2>
              <ul aria-labelledby="found-heading" class="found">
                {found.map((f) => (
                  <li key={f.id} class="item" data-entity={f.id}>
                    <button type="button" class="entity" onClick={() => props.reveal(f.id)}>
                      <span class="title">
                        <span class="name">{f.name}</span> <span class="kind">{t(CATEGORY_LABELS[f.category])}</span>
                      </span>
                      <span class="count" aria-label={mentions(f.count)}>
                        {f.count}
                      </span>
                      {cardOf.get(f.id) && <span class="summary">{cardOf.get(f.id)!.entity.summary}</span>}
                    </button>
                  </li>
                ))}
              </ul>
              {state.cards.length > 0 && (
                <>
                  <button type="button" class="disclosure" aria-expanded={allFacts} aria-controls="all-facts" onClick={() => setAllFacts(!allFacts)}>
                    {t('popupAllFacts')}
                  </button>
                  <div id="all-facts" hidden={!allFacts}>
                    {allFacts && <Timeline found={state.found} cards={state.cards} order={order} setOrder={setOrder} />}
                  </div>
                </>
              )}
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
