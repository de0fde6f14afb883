/**
 * Draws the card (`CardView`) on the page and places it next to its mention: in one host element
 * with an open shadow root, created on first use. Styles go in through a constructed stylesheet,
 * which a page's CSP does not block.
 */
import { render } from 'preact';
import { CardView } from '../../components/CardView';
import type { EntityCard } from '../../utils/messages';
import { placeCard } from '../../utils/placement';
import cardCss from './card.css?inline';
import { CARD_HOST_TAG } from '../../utils/stages';
import type { PageStory } from '../../utils/story';

const MAX_Z_INDEX = '2147483647';

export interface CardRequest {
  card: EntityCard;
  /** The page the card opens on: its date and the other entities it names. */
  story: PageStory;
  matched?: string;
  /** The box to sit next to: the mention's line under the pointer. */
  anchor: DOMRect;
  focus: boolean;
}

/** What the card's buttons ask of the runner, and what it hears when the card closes. */
export interface CardRendererEvents {
  openRelated: (id: string) => Promise<EntityCard | undefined>;
  hide: (id: string) => void;
  siteOff: () => void;
  closed: (returnFocus: boolean) => void;
}

export class CardRenderer {
  private host: HTMLElement | undefined;
  private root: ShadowRoot | undefined;
  private stack: EntityCard[] = [];
  private current: CardRequest | undefined;

  constructor(private readonly actions: CardRendererEvents) {}

  get element(): HTMLElement | undefined {
    return this.host;
  }

  get isOpen(): boolean {
    return this.current !== undefined;
  }

  contains(node: EventTarget | null): boolean {
    if (!this.host || !(node instanceof Node)) return false;
    return node === this.host || node.getRootNode() === this.root;
  }

  open(request: CardRequest): void {
    this.current = request;
    this.stack = [request.card];
    this.draw();
  }

  close(returnFocus = false): void {
    if (!this.current) return;
    this.current = undefined;
    this.stack = [];
    if (this.root) render(null, this.root);
    if (this.host) this.host.style.setProperty('display', 'none', 'important');
    this.actions.closed(returnFocus);
  }

  private ensureHost(): ShadowRoot {
    const container = document.fullscreenElement ?? document.documentElement;
    if (!this.host || !this.root || !this.host.isConnected) {
      this.host = document.createElement(CARD_HOST_TAG);
      const s = this.host.style;
      // The page's CSS must not reach the card: reset everything, then fix it above the page.
      s.setProperty('all', 'initial', 'important');
      s.setProperty('position', 'fixed', 'important');
      s.setProperty('inset', '0 auto auto 0', 'important');
      s.setProperty('z-index', MAX_Z_INDEX, 'important');
      this.root = this.host.attachShadow({ mode: 'open' });
      adoptStyles(this.root, cardCss);
    }
    if (this.host.parentNode !== container) container.appendChild(this.host);
    this.host.style.setProperty('display', 'block', 'important');
    return this.root;
  }

  private draw(): void {
    const request = this.current;
    const card = this.stack.at(-1);
    if (!request || !card) return;
    const root = this.ensureHost();
    const previous = this.stack.length > 1 ? this.stack.at(-2) : undefined;
    render(
      <CardView
        card={card}
        story={request.story}
        matched={this.stack.length === 1 ? request.matched : undefined}
        backTo={previous?.entity.name}
        focusOnOpen={request.focus || this.stack.length > 1}
        onOpenRelated={async (id) => {
          const next = await this.actions.openRelated(id);
          if (next && this.current) {
            this.stack.push(next);
            this.draw();
          }
        }}
        onBack={() => {
          this.stack.pop();
          this.draw();
        }}
        onHide={(id) => {
          this.actions.hide(id);
          this.close(true);
        }}
        onSiteOff={() => {
          this.actions.siteOff();
          this.close(true);
        }}
        onClose={() => this.close(true)}
      />,
      root,
    );
    this.position();
  }

  /** Places the card next to its anchor, inside the viewport. */
  position(anchor?: DOMRect): void {
    if (!this.current || !this.root) return;
    if (anchor) this.current.anchor = anchor;
    const card = this.root.querySelector<HTMLElement>('.card');
    if (!card) return;
    const viewport = { width: document.documentElement.clientWidth, height: document.documentElement.clientHeight };
    const { left, top, maxHeight } = placeCard(this.current.anchor, { width: card.offsetWidth, height: card.offsetHeight }, viewport);
    card.style.setProperty('left', `${left}px`);
    card.style.setProperty('top', `${top}px`);
    card.style.setProperty('max-height', `${maxHeight}px`);
  }
}

function adoptStyles(root: ShadowRoot, css: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    // Firefox content scripts cannot adopt a sheet made in their own compartment (an Xray
    // wrapper limit): fall back to a <style> inside our own shadow root.
    const style = document.createElement('style');
    style.textContent = css;
    root.appendChild(style);
  }
}
