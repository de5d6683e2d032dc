// The library grid's data: photos fetched in fixed pages for the rows on screen, kept in a small LRU
// so scrolling back is instant while memory stays bounded at any library size. A generation number
// drops answers to questions asked before the filters or the library changed.
import type { PhotoPage, PhotoSummary } from '../../shared/api.js';

export type PageFetcher = (offset: number, limit: number) => Promise<PhotoPage>;

export class PhotoPageCache {
  private pages = new Map<number, PhotoSummary[]>();
  /** After a library change (not a new query): the old pages, shown until their fresh copy lands, so tiles do
   *  not blink to placeholders (and a selection keeps its photos) on every tag or mark. */
  private stale = new Map<number, PhotoSummary[]>();
  private inFlight = new Map<number, Promise<void>>();
  private generation = 0;
  /** null until the first page answers */
  total: number | null = null;
  error: unknown = null;

  constructor(
    private fetchPage: PageFetcher,
    readonly pageSize = 200,
    private maxPages = 40,
    /** told whenever a page lands or the total changes, so the view can re-render */
    private onChange: () => void = () => undefined,
  ) {}

  get(index: number): PhotoSummary | undefined {
    const p = Math.floor(index / this.pageSize);
    const page = this.pages.get(p) ?? this.stale.get(p);
    return page?.[index % this.pageSize];
  }

  has(page: number): boolean {
    return this.pages.has(page);
  }

  /** A page's photos as get() answers them (the fresh copy, else the one shown until it lands), or undefined. The
   *  array is never changed afterwards: a fresh answer replaces it. */
  page(page: number): readonly PhotoSummary[] | undefined {
    return this.pages.get(page) ?? this.stale.get(page);
  }

  /** The pages get() can answer now, by page index. */
  heldPages(): number[] {
    return [...new Set([...this.pages.keys(), ...this.stale.keys()])];
  }

  /** Fetches the pages that are missing; resolves when all have landed (or failed). */
  async ensure(pageIndexes: readonly number[]): Promise<void> {
    await Promise.all(pageIndexes.map((p) => this.load(p)));
  }

  private load(page: number): Promise<void> {
    const cached = this.pages.get(page);
    if (cached) {
      // Touch for LRU order: Map iteration order is insertion order.
      this.pages.delete(page);
      this.pages.set(page, cached);
      return Promise.resolve();
    }
    const pending = this.inFlight.get(page);
    if (pending) return pending;
    const generation = this.generation;
    const request = this.fetchPage(page * this.pageSize, this.pageSize).then(
      (result) => {
        if (generation !== this.generation) return;
        this.pages.set(page, result.photos);
        this.stale.delete(page);
        this.total = result.total;
        this.error = null;
        while (this.pages.size > this.maxPages) this.pages.delete(this.pages.keys().next().value as number);
        this.onChange();
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.error = error;
        this.onChange();
      },
    ).finally(() => {
      if (this.inFlight.get(page) === request) this.inFlight.delete(page);
    });
    this.inFlight.set(page, request);
    return request;
  }

  /** Forgets everything (new filters, or the library changed); keeps `total` so the scroll height holds. */
  invalidate(resetTotal = false): void {
    this.generation += 1;
    this.stale = resetTotal ? new Map() : new Map([...this.stale, ...this.pages]);
    this.pages.clear();
    this.inFlight.clear();
    if (resetTotal) this.total = null;
    this.error = null;
    this.onChange();
  }
}
