// Rows of a long server-side list, fetched page by page as the virtual list scrolls to them.
import { SvelteMap } from "svelte/reactivity";

/** `more`: `total` is a lower bound (a search stopped counting), and more rows match. */
export type PageResult<T> = { items: T[]; total: number; more?: boolean };
export type FetchPage<T> = (offset: number, limit: number) => Promise<PageResult<T>>;

export class PagedRows<T> {
  total = $state(0);
  /** `total` is a lower bound: the list goes on past it */
  more = $state(false);
  loaded = $state(false);
  error = $state<unknown>(null);
  private pages = new SvelteMap<number, T[]>();
  /** pages being fetched; bookkeeping only, nothing renders it */
  private inFlight: number[] = [];
  private generation = 0;
  /** whether a page of this generation has told the total yet */
  private counted = false;

  constructor(
    private fetchPage: FetchPage<T>,
    readonly pageSize = 200,
  ) {}

  at(index: number): T | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** Forgets every page and loads the first one again (new filters, fresh data). */
  async reset(fetchPage?: FetchPage<T>): Promise<void> {
    if (fetchPage) this.fetchPage = fetchPage;
    this.generation++;
    this.pages.clear();
    this.inFlight = [];
    this.loaded = false;
    this.counted = false;
    await this.load(0);
  }

  /** Reloads the pages already seen, keeping the scroll position meaningful. */
  async refresh(): Promise<void> {
    const seen = [...this.pages.keys()];
    await Promise.all((seen.length ? seen : [0]).map((p) => this.load(p, true)));
  }

  ensure(first: number, last: number): void {
    const from = Math.floor(Math.max(0, first) / this.pageSize);
    const to = Math.floor(Math.max(0, last) / this.pageSize);
    for (let p = from; p <= to; p++) {
      if (!this.pages.has(p)) void this.load(p);
    }
  }

  /** Changes loaded rows in place (live progress) without a round trip. */
  patch(match: (row: T) => boolean, update: (row: T) => T): boolean {
    let changed = false;
    for (const [page, rows] of this.pages) {
      if (rows.some(match)) {
        this.pages.set(page, rows.map((row) => (match(row) ? update(row) : row)));
        changed = true;
      }
    }
    return changed;
  }

  /**
   * A lower bound grows as pages further down are read; one from a page above, smaller than
   * what is known, must not shrink the list under the reader. An exact total is taken as it is.
   */
  private takeTotal({ total, more = false }: PageResult<T>): void {
    if (this.counted && more && total < this.total) return;
    this.total = total;
    this.more = more;
    this.counted = true;
  }

  private async load(page: number, force = false): Promise<void> {
    if (this.inFlight.includes(page) || (!force && this.pages.has(page))) return;
    const generation = this.generation;
    this.inFlight.push(page);
    try {
      const result = await this.fetchPage(page * this.pageSize, this.pageSize);
      if (generation !== this.generation) return;
      this.pages.set(page, result.items);
      this.takeTotal(result);
      this.error = null;
    } catch (e) {
      if (generation === this.generation) this.error = e;
    } finally {
      if (generation === this.generation) {
        this.inFlight = this.inFlight.filter((p) => p !== page);
        this.loaded = true;
      }
    }
  }
}
