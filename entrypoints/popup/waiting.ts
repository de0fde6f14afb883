/**
 * Backstory starts on a page once the page has loaded, and answers once it has read its settings.
 * A popup opened in that moment, or while the page loads, asks again rather than call the page
 * unreadable: until this long after the tab was last seen loading.
 */
export const STARTING_GRACE_MS = 1500;
export const ASK_AGAIN_MS = 100;
/** Set each time the popup found nobody answering for the tab and decided to ask again (tests wait for it). */
export const ASKING_AGAIN_MARK = 'backstory:popup-asking-again';
