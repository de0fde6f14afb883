/**
 * The scanner's matcher, which is the background's (`utils/matcher/service.ts`): the page sends its
 * text and gets back where the dataset's names are. A page the background cannot answer is left
 * unmarked, with the reason in its console.
 */
import type { Channel } from '../../utils/browser/channel';
import type { Matching } from '../scanner.content/mentions';

async function answered<T extends { ok: boolean }>(asking: Promise<T | { ok: false; error: string }>, none: Extract<T, { ok: true }>): Promise<Extract<T, { ok: true }>> {
  try {
    const answer = await asking;
    if (answer.ok) return answer as Extract<T, { ok: true }>;
    throw new Error((answer as { error: string }).error);
  } catch (e) {
    console.warn('Backstory could not find mentions on this page:', e);
    return none;
  }
}

/** The page's text goes over the frame's port: cheaper for the page than a message each (utils/browser/channel.ts). */
export function backgroundMatching(channel: Channel): Matching {
  return {
    occurrences: (parts) => answered(channel.ask({ type: 'occurrences', parts }), { ok: true, spans: [], terms: [], reach: 1 }),
    matches: (texts) => answered(channel.ask({ type: 'matches', texts }), { ok: true, matches: [], entities: [] }),
  };
}
