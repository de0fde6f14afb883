/**
 * Watches the page for added or changed text and hands it over in batches, so that a page that
 * changes constantly (live blogs, infinite scroll) costs one small scan now and then.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** How long to collect changes before scanning them. */
export const CHANGE_BATCH_MS = 250;

export interface ChangeTarget {
  isOurs: (node: Node) => boolean;
  changed: (nodes: Node[]) => Promise<void>;
}

export function watchChanges(ctx: ContentScriptContext, target: ChangeTarget): void {
  let pending: Node[] = [];
  let removed = false;
  let timer: number | undefined;
  let running = false;

  const flush = async () => {
    timer = undefined;
    if (running) {
      schedule();
      return;
    }
    const nodes = pending;
    pending = [];
    removed = false;
    running = true;
    try {
      await target.changed(nodes);
    } finally {
      running = false;
    }
  };
  const schedule = () => {
    timer ??= ctx.setTimeout(() => void flush(), CHANGE_BATCH_MS);
  };

  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (target.isOurs(r.target)) continue;
      if (r.type === 'characterData') pending.push(r.target);
      else if (r.type === 'childList') {
        for (const n of r.addedNodes) if (!target.isOurs(n) && (n.nodeType === Node.ELEMENT_NODE || n.nodeType === Node.TEXT_NODE)) pending.push(n);
        // Removed text collapses its mentions' ranges; the next batch drops them.
        if (r.removedNodes.length) removed = true;
      }
    }
    if (pending.length || removed) schedule();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  ctx.onInvalidated(() => observer.disconnect());
}
