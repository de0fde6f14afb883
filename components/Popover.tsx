/**
 * The hover card: who or what this is, and dated facts with their sources. Everything from the
 * dataset is rendered as text by Preact, never as HTML.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { localDate, t, type MessageKey } from '../utils/i18n';
import type { EntityCard } from '../utils/messages';
import type { Source } from '../utils/schema';
import { factsNewestFirst } from '../utils/timeline';

/** Facts shown before "Show more". */
export const FACTS_PER_PAGE = 3;

export interface PopoverProps {
  card: EntityCard;
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

const CATEGORY_LABEL: Record<string, MessageKey> = {
  person: 'categoryPerson',
  company: 'categoryCompany',
  product: 'categoryProduct',
  law: 'categoryLaw',
  institution: 'categoryInstitution',
  place: 'categoryPlace',
  concept: 'categoryConcept',
  slogan: 'categorySlogan',
  event: 'categoryEvent',
};

function SourceLine({ source }: { source: Source }) {
  const label = `${source.publisher}, “${source.title}”, ${localDate(source.date)}`;
  return source.url ? (
    <a class="source" href={source.url} target="_blank" rel="noopener noreferrer">
      {label}
    </a>
  ) : (
    <span class="source">{label}</span>
  );
}

export function Popover(props: PopoverProps) {
  const { card, matched, backTo } = props;
  const { entity } = card;
  const [shown, setShown] = useState(FACTS_PER_PAGE);
  const heading = useRef<HTMLHeadingElement>(null);
  const titleId = `backstory-title-${entity.id}`;
  const facts = factsNewestFirst(entity.facts);
  const sourceById = new Map(card.sources.map((s) => [s.id, s]));
  const more = Math.min(FACTS_PER_PAGE, facts.length - shown);
  const category = CATEGORY_LABEL[entity.category];

  useEffect(() => setShown(FACTS_PER_PAGE), [entity.id]);
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
      <ol class="facts" aria-label={t('cardDatedFacts')}>
        {facts.slice(0, shown).map((fact) => (
          <li key={`${fact.date}-${fact.text}`}>
            <time dateTime={fact.date}>{localDate(fact.date)}</time>
            <span class="fact-text">{fact.text}</span>
            <span class="sources">
              {t('cardSource')}{' '}
              {fact.sources.map((id, i) => {
                const source = sourceById.get(id);
                return source ? (
                  <span key={id}>
                    {i > 0 && '; '}
                    <SourceLine source={source} />
                  </span>
                ) : null;
              })}
            </span>
          </li>
        ))}
      </ol>
      {facts.length > shown && (
        <button type="button" class="more" onClick={() => setShown((n) => n + FACTS_PER_PAGE)}>
          {more === 1 ? t('cardShowMoreOne') : t('cardShowMoreOther', [more])}
        </button>
      )}
      {card.related.length > 0 && (
        <section class="related" aria-label={t('cardRelated')}>
          <h3>{t('cardRelated')}</h3>
          <ul>
            {card.related.map((r) => (
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
