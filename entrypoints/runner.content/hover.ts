/**
 * Hover intent, after Wikipedia's page previews: a card opens once the pointer has dwelt on a
 * mention, stays while the pointer travels into it, and closes a little after it leaves both.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Mention } from '../scanner.content/mentions';

/** How long the pointer may be away from mention and card before the card closes. */
export const CLOSE_DELAY_MS = 300;

export interface HoverTarget {
  mentionAt(x: number, y: number): Mention | undefined;
  isInCard(target: EventTarget | null): boolean;
  isOpenFor(mention: Mention): boolean;
  isOpen(): boolean;
  dwellMs(): number;
  /** The pointer has come to a mention: get ready to show it. */
  prepare(mention: Mention): void;
  open(mention: Mention, x: number, y: number): void;
  close(): void;
}

export function watchHover(ctx: ContentScriptContext, target: HoverTarget): void {
  let pending: Mention | undefined;
  let dwellTimer: number | undefined;
  let closeTimer: number | undefined;
  let frame: number | undefined;
  let last: PointerEvent | undefined;

  const cancelClose = () => {
    if (closeTimer !== undefined) clearTimeout(closeTimer);
    closeTimer = undefined;
  };
  const cancelDwell = () => {
    if (dwellTimer !== undefined) clearTimeout(dwellTimer);
    dwellTimer = undefined;
    pending = undefined;
  };
  const scheduleClose = () => {
    if (closeTimer !== undefined || !target.isOpen()) return;
    closeTimer = ctx.setTimeout(() => {
      closeTimer = undefined;
      target.close();
    }, CLOSE_DELAY_MS);
  };

  const check = () => {
    frame = undefined;
    const e = last;
    if (!e) return;
    if (target.isInCard(e.composedPath()[0] ?? e.target)) {
      cancelClose();
      cancelDwell();
      return;
    }
    const mention = target.mentionAt(e.clientX, e.clientY);
    if (!mention) {
      cancelDwell();
      scheduleClose();
      return;
    }
    if (target.isOpenFor(mention)) {
      cancelClose();
      cancelDwell();
      return;
    }
    if (mention === pending) return;
    cancelDwell();
    pending = mention;
    target.prepare(mention);
    const { clientX, clientY } = e;
    dwellTimer = ctx.setTimeout(() => {
      dwellTimer = undefined;
      pending = undefined;
      cancelClose();
      target.open(mention, clientX, clientY);
    }, target.dwellMs());
  };

  ctx.addEventListener(
    document,
    'pointermove',
    (e: PointerEvent) => {
      if (e.pointerType === 'touch') return;
      last = e;
      frame ??= ctx.requestAnimationFrame(check);
    },
    { passive: true, capture: true },
  );
  ctx.addEventListener(document.documentElement, 'pointerleave', () => {
    cancelDwell();
    scheduleClose();
  });
}
