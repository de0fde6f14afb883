/**
 * Scores what Backstory marked on labelled pages against the hand labels of ../shared/corpus
 * (`labels.json`, documented in the corpus README). Pure: the browser part (`collect.ts`) hands
 * in what a reader saw; this decides which marks are right, which labelled mentions were missed,
 * and how much of the labelled world the dataset knows.
 */

export interface LabelMention {
  name: string;
  kind?: string;
  says: string[];
  count?: number;
  story?: boolean;
}

export interface LabelNotMention {
  text: string;
  why: string;
}

export interface PageLabels {
  file: string;
  lang: string;
  title?: string;
  mentions: LabelMention[];
  notMentions?: LabelNotMention[];
}

/** Corrections to the labels, kept in the project (`tests/eval/overrides.json`), each with its reason. */
export interface Overrides {
  /** Label names that stand for an entity's Wikipedia title ("X (social network)" → "Twitter"). */
  sameAs?: Record<string, { title: string; why: string }>;
  /** Per page: mentions to add, names to drop, furniture texts to add. */
  pages?: Record<string, { addMentions?: Array<LabelMention & { why: string }>; dropMentions?: Array<{ name: string; why: string }>; addNotMentions?: LabelNotMention[] }>;
}

/** One mark as a reader saw it. */
export interface Mark {
  entityId: string;
  /** The marked words. */
  text: string;
  /** The text of the block holding the mark (its paragraph, list item, cell…), white space collapsed. */
  block: string;
  /** The page furniture holding the mark (nav, footer, aside…), if any. */
  furniture?: string;
}

export interface EntityInfo {
  id: string;
  name: string;
  /** null: English Wikipedia has no article of its own on it (no label can name it). */
  wikipedia: string | null;
}

export interface PageResult {
  file: string;
  error?: string;
  marks: Array<Mark & { ok: boolean; why?: string }>;
  /** Labelled story mentions the dataset knows, and whether the page marked them right. */
  expected: Array<{ name: string; entityId: string; says: string[]; found: boolean; why?: string }>;
}

export interface Figures {
  pages: number;
  marks: number;
  rightMarks: number;
  precision: number;
  expected: number;
  found: number;
  recall: number;
  /** Labelled story names (distinct per page) the dataset has an entity for. */
  coverage: { all: number; allNames: number; recurring: number; recurringNames: number; missing: Array<{ name: string; pages: number }> };
}

const fold = (s: string) => s.normalize('NFKC').replace(/[\s\u00a0]+/g, ' ').trim().toLowerCase();

/** The labels with the project's corrections applied. */
export function applyOverrides(pages: PageLabels[], overrides: Overrides): PageLabels[] {
  return pages.map((page) => {
    const fix = overrides.pages?.[page.file];
    if (!fix) return page;
    const dropped = new Set((fix.dropMentions ?? []).map((d) => d.name));
    return {
      ...page,
      mentions: [...page.mentions.filter((m) => !dropped.has(m.name)), ...(fix.addMentions ?? [])],
      notMentions: [...(page.notMentions ?? []), ...(fix.addNotMentions ?? [])],
    };
  });
}

/** Maps labelled names to entities, by Wikipedia title (and the overrides' equivalences). */
export function entityResolver(entities: EntityInfo[], overrides: Overrides): (name: string) => EntityInfo | undefined {
  const byTitle = new Map(entities.flatMap((e) => (e.wikipedia === null ? [] : [[fold(e.wikipedia), e] as const])));
  return (name) => {
    const title = overrides.sameAs?.[name]?.title ?? name;
    return byTitle.get(fold(title));
  };
}

/**
 * Whether a mark sits on one of the page's furniture texts: a text that names the marked words
 * and that the mark's block holds. A bare name ("Facebook" as a share button) counts only where
 * the block is little more than that name, so that the same name in the article's prose is not
 * taken for furniture.
 */
function furnitureText(mark: Mark, notMentions: LabelNotMention[]): LabelNotMention | undefined {
  const text = fold(mark.text);
  const block = fold(mark.block);
  return notMentions.find((n) => {
    const furniture = fold(n.text);
    if (!furniture.includes(text) || !block.includes(furniture)) return false;
    return furniture.length >= text.length + 4 || block.length <= furniture.length + 30;
  });
}

export function scorePage(page: PageLabels, marks: Mark[], entities: Map<string, EntityInfo>, resolve: (name: string) => EntityInfo | undefined): PageResult {
  const labelled = new Set<string>();
  for (const m of page.mentions) {
    const e = resolve(m.name);
    if (e) labelled.add(e.id);
  }
  const judged = marks.map((mark): PageResult['marks'][number] => {
    const entity = entities.get(mark.entityId);
    if (!entity) return { ...mark, ok: false, why: `no entity "${mark.entityId}" in the dataset` };
    if (!labelled.has(entity.id)) return { ...mark, ok: false, why: `${entity.wikipedia ?? entity.name} is not labelled on this page` };
    const furniture = furnitureText(mark, page.notMentions ?? []);
    if (furniture) return { ...mark, ok: false, why: `furniture: "${furniture.text}" (${furniture.why})` };
    if (mark.furniture) return { ...mark, ok: false, why: `in page furniture (${mark.furniture})` };
    return { ...mark, ok: true };
  });
  const expected = new Map<string, PageResult['expected'][number]>();
  for (const m of page.mentions) {
    if (!m.story) continue;
    const e = resolve(m.name);
    if (!e || expected.has(e.id)) continue;
    const right = judged.some((j) => j.ok && j.entityId === e.id);
    const wrong = judged.find((j) => !j.ok && j.entityId === e.id);
    expected.set(e.id, {
      name: m.name,
      entityId: e.id,
      says: m.says,
      found: right,
      ...(right ? {} : { why: wrong ? `marked only where it is wrong: "${wrong.text}" (${wrong.why})` : 'not marked' }),
    });
  }
  return { file: page.file, marks: judged, expected: [...expected.values()] };
}

export function figures(pages: PageLabels[], results: PageResult[], resolve: (name: string) => EntityInfo | undefined): Figures {
  const marks = results.flatMap((r) => r.marks);
  const rightMarks = marks.filter((m) => m.ok).length;
  const expected = results.flatMap((r) => r.expected);
  const found = expected.filter((e) => e.found).length;
  // Coverage: story names, distinct per page.
  const pagesOf = new Map<string, number>();
  for (const page of pages) for (const name of new Set(page.mentions.filter((m) => m.story).map((m) => m.name))) pagesOf.set(name, (pagesOf.get(name) ?? 0) + 1);
  let all = 0;
  let covered = 0;
  const recurring = [...pagesOf].filter(([, n]) => n >= 2);
  for (const [name, n] of pagesOf) {
    all += n;
    if (resolve(name)) covered += n;
  }
  const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 1000) / 1000);
  return {
    pages: results.length,
    marks: marks.length,
    rightMarks,
    precision: ratio(rightMarks, marks.length),
    expected: expected.length,
    found,
    recall: ratio(found, expected.length),
    coverage: {
      all: ratio(covered, all),
      allNames: all,
      recurring: ratio(recurring.filter(([name]) => resolve(name)).length, recurring.length),
      recurringNames: recurring.length,
      missing: [...pagesOf]
        .filter(([name]) => !resolve(name))
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([name, n]) => ({ name, pages: n })),
    },
  };
}
