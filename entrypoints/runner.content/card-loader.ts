/**
 * The card's code (Preact and the views, a fifth of Backstory) is not in the runner: the background
 * injects it (the card stage, `entrypoints/card.content/`) the first time a reader rests on a mark,
 * so that no page compiles it unless a card is wanted. Until it is there, no card is open: this
 * stands in for the card stage's `CardRenderer` and forwards to it once it is loaded.
 */
import type { CardRenderer, CardRendererEvents, CardRequest } from '../card.content/card-renderer';
import { handedOver } from '../../utils/stages';

export class CardLoader {
  private real: CardRenderer | undefined;
  private loading: Promise<CardRenderer | undefined> | undefined;

  /** `inject` has the card script injected into this frame, or throws saying why it was not. */
  constructor(
    private readonly actions: CardRendererEvents,
    private readonly inject: () => Promise<unknown>,
  ) {}

  /** Has the card script injected (once; again after a failure). */
  prepare(): Promise<CardRenderer | undefined> {
    this.loading ??= this.inject()
      .then(() => {
        const Renderer = handedOver('card')?.CardRenderer;
        if (!Renderer) throw new Error('the card script left no CardRenderer');
        return (this.real ??= new Renderer(this.actions));
      })
      .catch((e: unknown) => {
        this.loading = undefined;
        console.warn('Backstory could not load its card:', e);
        return undefined;
      });
    return this.loading;
  }

  get element(): HTMLElement | undefined {
    return this.real?.element;
  }

  get isOpen(): boolean {
    return this.real?.isOpen ?? false;
  }

  contains(node: EventTarget | null): boolean {
    return this.real?.contains(node) ?? false;
  }

  /** Opens a card once `prepare` has loaded the code (before that there is nothing to open). */
  open(request: CardRequest): void {
    this.real?.open(request);
  }

  close(returnFocus = false): void {
    this.real?.close(returnFocus);
  }

  position(anchor: DOMRect): void {
    this.real?.position(anchor);
  }
}
