/**
 * Context rules: an alias with `requires` counts only where the page also says one of those words,
 * and where several entities claim the same words, the page's context chooses between them.
 */
import type { Claim, Match } from './pattern';

/**
 * Which of the claims on some words (a match and its rivals) the page's context upholds, if any:
 * "NPC" counts on a page that also says "China". A claim whose context the page gives beats one
 * that asks for none, so that 蘋果日報 on a page that says 台灣 is Taiwan's Apple Daily, not Hong
 * Kong's.
 */
export function chooseClaim(claims: readonly Claim[], has: (term: string) => boolean): Claim | undefined {
  let unruled: Claim | undefined;
  for (const claim of claims) {
    if (!claim.requires) unruled ??= claim;
    else if (claim.requires.some(has)) return claim;
  }
  return unruled;
}

/**
 * The matches whose context the text gives, each as the claim it upholds (see `chooseClaim`).
 * `context` is the text the rules look in (the page's whole text), or says whether the page has a
 * term.
 */
export function applyContext(matches: Match[], context: string | ((term: string) => boolean)): Match[] {
  const has = rememberTerms(typeof context === 'string' ? (term: string) => context.includes(term) : context);
  const out: Match[] = [];
  for (const m of matches) {
    const claim = chooseClaim(claimsOf(m), has);
    if (claim) out.push({ start: m.start, end: m.end, ...claim });
  }
  return out;
}

/** Every claim on a match's words: its own, then its rivals'. */
export function claimsOf(match: Match): Claim[] {
  return match.rivals ? [match, ...match.rivals] : [match];
}

/**
 * `says`, asked once per term: many mentions ask for the same few terms, and a page's answer may
 * search megabytes of text.
 */
export function rememberTerms(says: (term: string) => boolean): (term: string) => boolean {
  const seen = new Map<string, boolean>();
  return (term) => {
    let v = seen.get(term);
    if (v === undefined) {
      v = says(term);
      seen.set(term, v);
    }
    return v;
  };
}