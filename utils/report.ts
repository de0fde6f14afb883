/**
 * The one way to report an unexpected error: to the console of the part that hit it, where its
 * developer looks. Expected absences (a tab with no content script) are not errors: callers
 * test for them with `isNoReceiver` and stay quiet.
 */
export function reportError(context: string, error: unknown): void {
  console.error(`Backstory: ${context}:`, error);
}

/** The browser's way of saying nobody listens at the other end (no content script, a sleeping or reloaded background, or one that went away before it answered). */
export function isNoReceiver(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /Receiving end does not exist|Could not establish connection|message port closed|message channel closed|Extension context invalidated/i.test(message);
}
