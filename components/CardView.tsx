/**
 * The hover card: who or what this is, and dated facts with their sources. Everything from the
 * dataset is rendered as text by Preact, never as HTML.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { CATEGORY_LABELS, localDate, t, tm, uiLang, type MessageKey } from '../utils/browser/i18n';
import type { EntityCard } from '../utils/messages';
import type { Fact, Source } from '../utils/schema';
import { orderFacts, sinceMessage, tiesOf, type PageStory } from '../utils/story';

/** Facts shown before "Show more". */
export const FACTS_PER_PAGE = 3;
/**
 * Facts after the article shown before "Show more": fewer than the lead, so that the card keeps
 * about its old size while what happened next is in view at once.
 */
export const SINCE_PER_PAGE = 2;
/** Facts before the article shown at first when some came after: the two sections share the room. */
export const LEAD_BESIDE_SINCE = 2;

const NO_STORY: PageStory = { names: new Map() };

export interface CardViewProps {
  card: EntityCard;
  /** The page the card opens on; without it, facts are newest first. */
  story?: PageStory;
  /** The words on the page that were marked. */
  matched?: string;
  /** Set when this card was opened from another card's related list. */
  backTo?: string;
  /** Move focus into the card when it opens (keyboard use). */
  focusOnOpen?: boolean;
  onOpenRelated: (id: string) => void;
  onBack: () => void;
  onHide: (id: string) => void;
  onSiteOff: () => void;
  onClose: () => void;
}

function SourceLine({ source }: { source: Source }) {
  const label = `${source.publisher}, “${source.title}”, ${localDate(source.date)}`;
  return (
    <a class="source" href={source.url} target="_blank" rel="noopener noreferrer">
      {label}
    </a>
  );
}

/** Names as a list in the UI's language ("Hong Kong and ByteDance"). */
function listOf(names: string[]): string {
  try {
    return new Intl.ListFormat(uiLang(), { type: 'conjunction' }).format(names);
  } catch {
    return names.join(', ');
  }
}

function FactItem(props: { fact: Fact; story: PageStory; self: string; sourceById: Map<string, Source>; later?: string }) {
  const { fact, story } = props;
  const ties = tiesOf(fact, story, props.self).map((id) => story.names.get(id)!);
  return (
    <li class={ties.length ? 'tied' : undefined}>
      <time dateTime={fact.date}>{localDate(fact.date)}</time>
      {props.later && <span class="later">{props.later}</span>}
      <span class="fact-text">{fact.text}</span>
      {ties.length > 0 && <span class="ties">{t('cardAlsoOnPage', [listOf(ties)])}</span>}
      <span class="sources">
        {t('cardSource')}{' '}
        {fact.sources.map((id, i) => {
          const source = props.sourceById.get(id);
          return source ? (
            <span key={id}>
              {i > 0 && '; '}
              <SourceLine source={source} />
            </span>
          ) : null;
        })}
      </span>
    </li>
  );
}

export function CardView(props: CardViewProps) {
  const { card, matched, backTo } = props;
  const story = props.story ?? NO_STORY;
  const { entity } = card;
  const { lead, since } = orderFacts(entity.facts, story, entity.id);
  const firstShown = since.length && story.date ? LEAD_BESIDE_SINCE : FACTS_PER_PAGE;
  const [shown, setShown] = useState(firstShown);
  const [shownSince, setShownSince] = useState(SINCE_PER_PAGE);
  const heading = useRef<HTMLHeadingElement>(null);
  const titleId = `backstory-title-${entity.id}`;
  const sinceId = `backstory-since-${entity.id}`;
  const sourceById = new Map(card.sources.map((s) => [s.id, s]));
  const more = Math.min(FACTS_PER_PAGE, Math.max(0, lead.length - shown)) + Math.min(SINCE_PER_PAGE, Math.max(0, since.length - shownSince));
  const category: MessageKey | undefined = CATEGORY_LABELS[entity.category];
  // Related entities the page also names are the ones a reader of it is likeliest to want.
  const related = [...card.related].sort((a, b) => Number(story.names.has(b.id)) - Number(story.names.has(a.id)));

  useEffect(() => {
    setShown(firstShown);
    setShownSince(SINCE_PER_PAGE);
  }, [entity.id]);
  useEffect(() => {
    if (props.focusOnOpen) heading.current?.focus();
  }, [entity.id, props.focusOnOpen]);

  return (
    <div
      class="card"
      role="dialog"
      aria-labelledby={titleId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          props.onClose();
        }
      }}
    >
      {backTo && (
        <button type="button" class="back" onClick={props.onBack}>
          {t('cardBackTo', [backTo])}
        </button>
      )}
      <div class="head">
        <h2 id={titleId} ref={heading} tabIndex={-1}>
          {entity.name}
        </h2>
        <span class="category">{category ? t(category) : entity.category}</span>
      </div>
      <p class="summary">{entity.summary}</p>
      {card.origin && <p class="origin">{t('cardFromPack', [card.origin])}</p>}
      {lead.length > 0 && (
        <ol class="facts" aria-label={t('cardDatedFacts')}>
          {lead.slice(0, shown).map((fact) => (
            <FactItem key={`${fact.date}-${fact.text}`} fact={fact} story={story} self={entity.id} sourceById={sourceById} />
          ))}
        </ol>
      )}
      {since.length > 0 && story.date && (
        <section class="since" aria-labelledby={sinceId}>
          <h3 id={sinceId}>{t('cardSinceArticle')}</h3>
          <ol class="facts" aria-labelledby={sinceId}>
            {since.slice(0, shownSince).map((fact) => {
              const later = sinceMessage(story.date!, fact.date);
              return (
                <FactItem
                  key={`${fact.date}-${fact.text}`}
                  fact={fact}
                  story={story}
                  self={entity.id}
                  sourceById={sourceById}
                  later={later ? tm(later) : undefined}
                />
              );
            })}
          </ol>
        </section>
      )}
      {more > 0 && (
        <button
          type="button"
          class="more"
          onClick={() => {
            setShown((n) => n + FACTS_PER_PAGE);
            setShownSince((n) => n + SINCE_PER_PAGE);
          }}
        >
          {more === 1 ? t('cardShowMoreOne') : t('cardShowMoreOther', [more])}
        </button>
      )}
      {related.length > 0 && (
        <section class="related" aria-label={t('cardRelated')}>
          <h3>{t('cardRelated')}</h3>
          <ul>
            {related.map((r) => (
              <li key={r.id}>
                <span class="relation">{r.relation}</span>{' '}
                <button type="button" class="link" onClick={() => props.onOpenRelated(r.id)}>
                  {r.name}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {card.alsoIn && card.alsoIn.length > 0 && (
        <section class="related also-in" aria-label={t('cardAlsoIn')}>
          <h3>{t('cardAlsoIn')}</h3>
          <ul>
            {card.alsoIn.map((a) => (
              <li key={a.id}>
                <span class="relation">{a.origin ?? t('cardBundledDataset')}</span>{' '}
                <button type="button" class="link" onClick={() => props.onOpenRelated(a.id)}>
                  {a.name}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {matched && <p class="why">{t('cardMarkedBecause', [matched])}</p>}
      <div class="actions">
        <button type="button" onClick={() => props.onHide(entity.id)}>
          {t('cardHideTerm')}
        </button>
        <button type="button" onClick={props.onSiteOff}>
          {t('cardSiteOff')}
        </button>
        <button type="button" class="close" aria-label={t('cardClose')} onClick={props.onClose}>
          ×
        </button>
      </div>
    </div>
  );
}
