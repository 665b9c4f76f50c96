/**
 * Rendered pages kept in memory by one web process: least recently used first out, bounded
 * both by count and by bytes, so a process serving long transcripts stays within its memory
 * budget (issue 5: a web process under 300 MB). Bodies are kept as UTF-8 `Buffer`s, which
 * are sent as they are (no re-encoding per response) and cost one byte per ASCII character
 * (a JS string with a single curly quote costs two bytes per character).
 */
export interface CachedPage {
  /** The page, UTF-8. */
  body: Buffer;
  /** Its weak ETag (`W/"..."`). */
  etag: string;
  /**
   * What the page was rendered from, as the caller writes it (for item pages: the versions,
   * update time, section slug and extras): the page is reused only while it is unchanged.
   */
  validator?: string;
}

/** Bounds of a {@link PageCache}. */
export interface PageCacheLimits {
  /** Pages kept at most. */
  maxEntries: number;
  /** Sum of the kept bodies' sizes at most, in bytes; a larger page is not kept. */
  maxBytes: number;
}

/** An LRU cache of rendered pages (a `Map` keeps insertion order; a hit moves to the end). */
export class PageCache {
  private readonly pages = new Map<string, CachedPage>();
  private bytes = 0;

  constructor(private readonly limits: PageCacheLimits) {}

  /** The page under `key`, marked as most recently used; undefined when not kept. */
  get(key: string): CachedPage | undefined {
    const hit = this.pages.get(key);
    if (hit) {
      this.pages.delete(key);
      this.pages.set(key, hit);
    }
    return hit;
  }

  /** Keep `page` under `key`, dropping the least recently used pages past the bounds. */
  set(key: string, page: CachedPage): void {
    this.delete(key);
    if (page.body.length > this.limits.maxBytes) return;
    this.pages.set(key, page);
    this.bytes += page.body.length;
    while (this.pages.size > this.limits.maxEntries || this.bytes > this.limits.maxBytes) {
      this.delete(this.pages.keys().next().value!);
    }
  }

  /** Forget the page under `key` (no-op when not kept). */
  delete(key: string): void {
    const old = this.pages.get(key);
    if (!old) return;
    this.pages.delete(key);
    this.bytes -= old.body.length;
  }

  /** Pages kept now. */
  get size(): number {
    return this.pages.size;
  }

  /** Bytes of the pages kept now. */
  get totalBytes(): number {
    return this.bytes;
  }
}
