/**
 * Whether an element's class attribute marks page furniture ("share-bar", "btn_login") or hides it
 * (the "hidden" utility class). Read by hand rather than with a regular expression: every page
 * would pay to compile one (twice, as the engine tiers it up) for the few hundred elements a scan
 * looks at.
 */

/** Class words that mark boilerplate: a "Share on Facebook" widget is not a mention of Facebook. */
export const BOILERPLATE_CLASS_WORDS = [
  'share', 'sharing', 'social', 'newsletter', 'cookie', 'consent', 'related-links',
  // Buttons dressed as links, and sign-in widgets ("Login With Twitter").
  'btn', 'button', 'login', 'signin', 'sign-in', 'subscribe',
  // The page's (or a section's) footer, as a class where the page uses no <footer>.
  'footer',
  // The masthead's logo and its caption ("中共中央宣传部委托新华通讯社主办"), and the signature a
  // site puts under every article ("Join us on Telegram").
  'logo', 'icon', 'masthead', 'signature',
] as const;

const WORDS = new Set<string>(BOILERPLATE_CLASS_WORDS);
/**
 * What a rejected class attribute must contain somewhere. Most class attributes contain none, and
 * the browser's own substring search answers that for them far faster than reading them unit by
 * unit in script, on a page's first scan, where our code still runs cold (docs/performance.md).
 */
const NEEDLES = [...BOILERPLATE_CLASS_WORDS, 'hidden'];
/**
 * Blog engines tag a post with its categories and tags as classes ("category-social-media",
 * "tag-twitter"): those name the post's topics, not furniture.
 */
const TOPIC_PREFIXES = ['category-', 'tag-', 'topic-'];

function containsNeedle(lower: string): boolean {
  // An indexed loop: cold code runs it faster than a callback per needle.
  for (let k = 0; k < NEEDLES.length; k++) if (lower.includes(NEEDLES[k]!)) return true;
  return false;
}
/** Longer class attributes are generated styling, not words chosen by a person. */
const MAX_CLASS_LENGTH = 400;

/** HTML's (and CSS's) white space: space, tab, line feed, form feed, carriage return. */
export const isHtmlSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
const isUpperAscii = (c: number) => c >= 0x41 && c <= 0x5a;
const isLowerAscii = (c: number) => c >= 0x61 && c <= 0x7a;
/** Words inside a token are joined by hyphens or underscores ("share-bar", "btn_login"). */
const isSeparator = (c: number) => isHtmlSpace(c) || c === 0x2d || c === 0x5f;

function startsTopic(lower: string, at: number): boolean {
  for (let k = 0; k < TOPIC_PREFIXES.length; k++) if (lower.startsWith(TOPIC_PREFIXES[k]!, at)) return true;
  return false;
}

/**
 * A boilerplate word stands between separators (white space, "-", "_", or a lower-case letter
 * followed by a capital), in any case; "hidden" is a whole token. Words with a hyphen ("sign-in") are two pieces joined by one.
 */
export function isRejectedClass(cls: string | null): boolean {
  if (cls === null || cls.length === 0 || cls.length >= MAX_CLASS_LENGTH) return false;
  const lower = cls.toLowerCase();
  if (!containsNeedle(lower)) return false;
  let start = 0;
  /** Where the piece before this one starts, when a hyphen joins them; else -1. */
  let joinedFrom = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0x20;
    if (i === start && (start === 0 || isHtmlSpace(lower.charCodeAt(start - 1))) && startsTopic(lower, i)) {
      // Skip the whole topic token.
      while (i < lower.length && !isHtmlSpace(lower.charCodeAt(i))) i++;
      start = i + 1;
      joinedFrom = -1;
      continue;
    }
    // Generated class names join their words in camel case ("DivFooterContainer", "ShareButton").
    const hump = i > start && i < cls.length && isUpperAscii(cls.charCodeAt(i)) && isLowerAscii(cls.charCodeAt(i - 1));
    if (!hump && !isSeparator(c)) continue;
    if (i > start) {
      const piece = lower.slice(start, i);
      if (WORDS.has(piece)) return true;
      if (joinedFrom >= 0 && WORDS.has(lower.slice(joinedFrom, i))) return true;
      if (piece === 'hidden' && isHtmlSpace(c) && (start === 0 || isHtmlSpace(lower.charCodeAt(start - 1)))) return true;
    }
    if (hump) {
      // "SignIn" is a word too, as "sign-in" is.
      joinedFrom = start;
      start = i;
      continue;
    }
    joinedFrom = c === 0x2d && i > start ? start : -1;
    start = i + 1;
  }
  return false;
}
