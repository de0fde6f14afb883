/** Change batching: what the page adds or changes is handed over once per batch, ours never. */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { CHANGE_BATCH_MS, watchChanges } from '../../entrypoints/runner.content/changes';
import { fakeContext, page } from './dom';

let ctx: ReturnType<typeof fakeContext>;
let batches: Node[][];
let finish: (() => void) | undefined;
let ours: HTMLElement;

/** Lets the MutationObserver's callback (a microtask) run. */
const observed = () => new Promise<void>((resolve) => queueMicrotask(resolve));

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  page('<main><p id="first">First.</p></main><div id="ours"></div>');
  ours = document.getElementById('ours')!;
  ctx = fakeContext();
  batches = [];
  finish = undefined;
  watchChanges(ctx, {
    isOurs: (n) => ours.contains(n),
    changed: (nodes) => {
      batches.push(nodes);
      return new Promise<void>((resolve) => (finish = resolve));
    },
  });
});

afterEach(() => {
  ctx.invalidate();
  vi.useRealTimers();
});

const add = (text: string) => {
  const p = document.createElement('p');
  p.textContent = text;
  document.querySelector('main')!.append(p);
  return p;
};

it('hands over what was added and changed in one batch, after the batch time', async () => {
  const a = add('One.');
  const b = add('Two.');
  (document.getElementById('first')!.firstChild as Text).data = 'Changed.';
  await observed();
  vi.advanceTimersByTime(CHANGE_BATCH_MS - 1);
  expect(batches).toEqual([]);
  vi.advanceTimersByTime(1);
  expect(batches).toEqual([[a, b, document.getElementById('first')!.firstChild]]);
});

it('never hands over changes to our own UI', async () => {
  ours.append(document.createElement('span'));
  ours.textContent = 'Card text';
  await observed();
  vi.advanceTimersByTime(CHANGE_BATCH_MS * 4);
  expect(batches).toEqual([]);
});

it('holds the next batch until the one being scanned is done', async () => {
  const a = add('One.');
  await observed();
  vi.advanceTimersByTime(CHANGE_BATCH_MS);
  const b = add('Two.');
  await observed();
  vi.advanceTimersByTime(CHANGE_BATCH_MS * 3);
  expect(batches).toEqual([[a]]);
  finish!();
  await observed();
  vi.advanceTimersByTime(CHANGE_BATCH_MS);
  expect(batches).toEqual([[a], [b]]);
});

it('hands over an empty batch when only removals happened, so that their marks are dropped', async () => {
  document.getElementById('first')!.remove();
  await observed();
  vi.advanceTimersByTime(CHANGE_BATCH_MS);
  expect(batches).toEqual([[]]);
});

it('stops watching once its context is gone', async () => {
  ctx.invalidate();
  add('Late.');
  await observed();
  vi.advanceTimersByTime(CHANGE_BATCH_MS * 2);
  expect(batches).toEqual([]);
});
