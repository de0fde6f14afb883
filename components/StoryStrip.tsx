/**
 * "This page's story" in the popup: the facts that tie the page's entities to one another, as a
 * strip of dated points a reader takes in at a glance, with the article's own date marked; the
 * same points as a list below it, which is what keyboards and screen readers use (focusing an item
 * lights its point).
 */
import { useState } from 'preact/hooks';
import { localDate, t } from '../utils/browser/i18n';
import type { Fact } from '../utils/schema';
import { isAfter } from '../utils/story';

export interface StoryPoint {
  /** The entity the fact is told of, and the others on the page it ties to. */
  who: string[];
  fact: Pick<Fact, 'date' | 'text'>;
}

type Row = { kind: 'fact'; point: StoryPoint } | { kind: 'article'; date: string };

/** The strip's drawing box; it scales to the popup's width. */
const WIDTH = 360;
const HEIGHT = 44;
const PAD_X = 12;
const AXIS_Y = 18;
const LABEL_Y = 38;

/**
 * Points are spaced evenly in date order, not by time: a story's events bunch into a few weeks
 * and then spread over years, and on a true scale the weeks would be one blot.
 */
function xOf(i: number, n: number): number {
  return n <= 1 ? WIDTH / 2 : PAD_X + (i * (WIDTH - 2 * PAD_X)) / (n - 1);
}

export function StoryStrip(props: { points: StoryPoint[]; date?: string }) {
  const [active, setActive] = useState<number | undefined>();
  const rows: Row[] = props.points.map((point) => ({ kind: 'fact', point }));
  if (props.date) {
    // The article sits after the facts of its own day or before (they are what it reports).
    const at = rows.findIndex((r) => r.kind === 'fact' && isAfter(r.point.fact.date, props.date!));
    rows.splice(at === -1 ? rows.length : at, 0, { kind: 'article', date: props.date });
  }
  const dates = props.points.map((p) => p.fact.date);
  const first = dates[0];
  const last = dates.at(-1);
  const yearShown = (i: number) => {
    const row = rows[i]!;
    const year = (row.kind === 'fact' ? row.point.fact.date : row.date).slice(0, 4);
    const prev = rows[i - 1];
    return !prev || (prev.kind === 'fact' ? prev.point.fact.date : prev.date).slice(0, 4) !== year ? year : undefined;
  };
  const articleLabel = props.date ? t('popupThisArticle', [localDate(props.date)]) : undefined;
  const picture = [
    first && last ? t('popupStoryPicture', [props.points.length, localDate(first), localDate(last)]) : '',
    articleLabel ?? '',
  ].filter(Boolean).join('; ');

  return (
    <section aria-labelledby="story-heading" class="story">
      <h2 id="story-heading">{t('popupStory')}</h2>
      <svg class="strip" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={picture}>
        <line class="axis" x1={PAD_X} y1={AXIS_Y} x2={WIDTH - PAD_X} y2={AXIS_Y} />
        {rows.map((row, i) => {
          const x = xOf(i, rows.length);
          const year = yearShown(i);
          return (
            <g key={i} class={`point ${row.kind}${active === i ? ' active' : ''}`}>
              {row.kind === 'article' ? (
                <>
                  <line class="article-mark" x1={x} y1={AXIS_Y - 12} x2={x} y2={AXIS_Y + 12} />
                  <rect class="article-dot" x={x - 5} y={AXIS_Y - 5} width={10} height={10} transform={`rotate(45 ${x} ${AXIS_Y})`} />
                </>
              ) : (
                <circle cx={x} cy={AXIS_Y} r={active === i ? 7 : 5} />
              )}
              {year && (
                <text x={x} y={LABEL_Y} text-anchor="middle">
                  {year}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <ol class="story-list" aria-label={t('popupStory')}>
        {rows.map((row, i) => (
          <li
            key={i}
            class={row.kind}
            tabIndex={0}
            onFocus={() => setActive(i)}
            onBlur={() => setActive(undefined)}
            onMouseEnter={() => setActive(i)}
            onMouseLeave={() => setActive(undefined)}
          >
            {row.kind === 'article' ? (
              <time dateTime={row.date} class="article-date">
                {articleLabel}
              </time>
            ) : (
              <>
                <time dateTime={row.point.fact.date}>{localDate(row.point.fact.date)}</time>
                <span class="who">{row.point.who.join(' · ')}</span>
                <span class="what">{row.point.fact.text}</span>
              </>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
