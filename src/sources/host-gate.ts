/**
 * Politeness per host: at most one request in flight to a host, and at least a minimum
 * gap between the end of one request and the start of the next to the same host,
 * however many sources live on it.
 */

/** Options of {@link HostGate}. */
export interface HostGateOptions {
  /** Least time between two requests to one host, in ms (default 1000). */
  minGapMs?: number;
  /** How to wait (default a real timer); tests may pass a no-op. */
  sleep?: (ms: number) => Promise<void>;
  /** Monotonic "now" in ms (default `performance.now`). */
  now?: () => number;
}

/** Serialises work per host (see the module comment). One gate is shared by every poll in a process. */
export class HostGate {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly lastEnd = new Map<string, number>();
  private readonly minGapMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(opts: HostGateOptions = {}) {
    this.minGapMs = opts.minGapMs ?? 1000;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = opts.now ?? (() => performance.now());
  }

  /** The host key of a URL (lower-case host and port); the URL itself when it cannot be parsed. */
  static hostOf(url: string): string {
    try {
      return new URL(url).host.toLowerCase();
    } catch {
      return url;
    }
  }

  /**
   * Run `fn` when no other work for `host` runs and the gap since the last one has passed.
   * Resolves or rejects with `fn`'s outcome; a failure does not block later work.
   */
  async run<T>(host: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(host) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => { release = r; });
    const tail = prev.then(() => mine);
    this.tails.set(host, tail);
    await prev;
    try {
      const last = this.lastEnd.get(host);
      if (last !== undefined) {
        const wait = last + this.minGapMs - this.now();
        if (wait > 0) await this.sleep(wait);
      }
      return await fn();
    } finally {
      this.lastEnd.set(host, this.now());
      release();
      if (this.tails.get(host) === tail) this.tails.delete(host);
    }
  }
}
