/** Work in slices, so that no task of ours blocks the page for long. */
import { yieldToPage } from '../../utils/yield';

/** The longest stretch of work before giving the page its turn (a long task is 50 ms). */
export const SLICE_MS = 8;

/** Runs work in slices; tracks the time spent working (not waiting) and the longest slice. */
export class Slicer {
  private sliceStart = performance.now();
  workMs = 0;
  /** Time spent waiting for work done elsewhere (see `wait`). */
  waitedMs = 0;
  longestMs = 0;
  slices = 1;

  constructor(private readonly isCancelled: () => boolean) {}

  shouldStop = (): boolean => performance.now() - this.sliceStart > SLICE_MS;

  /** Gives the page its turn; false when the work was cancelled meanwhile. */
  async pause(): Promise<boolean> {
    this.endSlice();
    await yieldToPage();
    this.sliceStart = performance.now();
    this.slices++;
    return !this.isCancelled();
  }

  /**
   * Waits for `promise` (work done in the background) without counting the wait as work: the page
   * is free meanwhile. Undefined when the work was cancelled meanwhile.
   */
  async wait<T>(promise: Promise<T>): Promise<T | undefined> {
    this.endSlice();
    const waitStart = performance.now();
    let value: T;
    try {
      value = await promise;
    } finally {
      this.sliceStart = performance.now();
      this.waitedMs += this.sliceStart - waitStart;
      this.slices++;
    }
    return this.isCancelled() ? undefined : value;
  }

  /** Work time so far, including the slice under way. */
  elapsed(): number {
    return this.workMs + (performance.now() - this.sliceStart);
  }

  endSlice(): void {
    const spent = performance.now() - this.sliceStart;
    this.workMs += spent;
    this.longestMs = Math.max(this.longestMs, spent);
    this.sliceStart = performance.now();
  }
}
