/** Hover intent's timing, with fake timers: the dwell, pass-throughs, the way into the card, the grace. */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { CLOSE_DELAY_MS, watchHover } from '../../entrypoints/runner.content/hover';
import type { Mention } from '../../entrypoints/scanner.content/mentions';
import { fakeContext, page } from './dom';

const DWELL_MS = 200;

let ctx: ReturnType<typeof fakeContext>;
let events: string[];
let open: Mention | undefined;
const word = { entityId: 'tiktok' } as Mention;
const card = document.createElement('div');

/** The pointer at a place: on the mention, in the card, or elsewhere. */
function pointer(at: 'mention' | 'card' | 'away') {
  const target = at === 'card' ? card : document.body;
  target.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, composed: true, pointerType: 'mouse', clientX: at === 'mention' ? 10 : 500, clientY: 10 }));
  // The check runs at the next frame.
  vi.advanceTimersByTime(0);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  page('');
  document.body.append(card);
  ctx = fakeContext();
  events = [];
  open = undefined;
  watchHover(ctx, {
    mentionAt: (x) => (x === 10 ? word : undefined),
    isInCard: (t) => t instanceof Node && card.contains(t),
    isOpenFor: (m) => open === m,
    isOpen: () => open !== undefined,
    dwellMs: () => DWELL_MS,
    prepare: () => events.push('prepare'),
    open: (m) => {
      open = m;
      events.push('open');
    },
    close: () => {
      open = undefined;
      events.push('close');
    },
  });
});

afterEach(() => {
  ctx.invalidate();
  vi.useRealTimers();
});

it('opens once the pointer has rested for the dwell, not before', () => {
  pointer('mention');
  expect(events).toEqual(['prepare']);
  vi.advanceTimersByTime(DWELL_MS - 1);
  expect(events).toEqual(['prepare']);
  vi.advanceTimersByTime(1);
  expect(events).toEqual(['prepare', 'open']);
});

it('opens nothing when the pointer passes over without stopping', () => {
  pointer('away');
  pointer('mention');
  pointer('away');
  vi.advanceTimersByTime(DWELL_MS * 5);
  expect(events).toEqual(['prepare']);
});

it('does not restart the dwell, or flicker, as the pointer moves along the word', () => {
  pointer('mention');
  vi.advanceTimersByTime(DWELL_MS / 2);
  pointer('mention');
  vi.advanceTimersByTime(DWELL_MS / 2);
  expect(events).toEqual(['prepare', 'open']);
  pointer('mention');
  vi.advanceTimersByTime(CLOSE_DELAY_MS * 3);
  expect(events).toEqual(['prepare', 'open']);
});

it('stays open while the pointer crosses a gap into the card and rests there', () => {
  pointer('mention');
  vi.advanceTimersByTime(DWELL_MS);
  pointer('away');
  vi.advanceTimersByTime(CLOSE_DELAY_MS - 1);
  pointer('card');
  vi.advanceTimersByTime(CLOSE_DELAY_MS * 5);
  expect(events).toEqual(['prepare', 'open']);
});

it('closes a grace after the pointer leaves both, and not before', () => {
  pointer('mention');
  vi.advanceTimersByTime(DWELL_MS);
  pointer('card');
  pointer('away');
  vi.advanceTimersByTime(CLOSE_DELAY_MS - 1);
  expect(events).toEqual(['prepare', 'open']);
  vi.advanceTimersByTime(1);
  expect(events).toEqual(['prepare', 'open', 'close']);
});

it('closes when the pointer leaves the page, and ignores touch', () => {
  pointer('mention');
  vi.advanceTimersByTime(DWELL_MS);
  document.documentElement.dispatchEvent(new PointerEvent('pointerleave'));
  vi.advanceTimersByTime(CLOSE_DELAY_MS);
  expect(events).toEqual(['prepare', 'open', 'close']);
  document.body.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, pointerType: 'touch', clientX: 10, clientY: 10 }));
  vi.advanceTimersByTime(DWELL_MS * 2);
  expect(events).toEqual(['prepare', 'open', 'close']);
});
