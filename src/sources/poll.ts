/**
 * Polling one source: fetch its entries (conditionally), give each entry its identity
 * within the source (`entry-identity.ts`), analyse new and changed entries as the CLI
 * import does, store them through `storeDocument` (publish now, or hold for a stated
 * embargo), and keep the source's state: validators, last success/error, back-off.
 */
import type { Clock } from "../core/clock.js";
import { isPressroomError } from "../core/errors.js";
import { analyzeDocuments } from "../importer/analyze-bytes.js";
import { storeDocument } from "../importer/store-document.js";
import { identityOf } from "../importer/to-item.js";
import type { SeenEntry, Source } from "../store/sources.js";
import type { Store } from "../store/store.js";
import { keyEntries, matchSeen } from "./entry-identity.js";
import { fetchEntries, RetryLater, type FetchDeps, type FetchedEntry } from "./fetch-entries.js";
import { HostGate } from "./host-gate.js";
import { ensureSubscription } from "./websub.js";

/** What {@link pollSource} needs besides the store. */
export interface PollDeps extends Partial<FetchDeps> {
  clock: Clock;
  /** Progress/error lines (optional). */
  log?: (message: string) => void;
  /** Longest back-off after failures, in ms (default 24 h). */
  maxBackoffMs?: number;
  /**
   * Public base URL of this wire, for WebSub callbacks: when set, a feed that advertises a
   * hub is subscribed to (see `websub.ts`). Unset: feeds are only polled.
   */
  websubCallbackBase?: string | null;
}

/** What one poll did. Counts are of entries. */
export interface PollResult {
  sourceId: number;
  /** `ok`: fetched and read; `not-modified`: 304; `failed`: see `error`. */
  outcome: "ok" | "not-modified" | "failed";
  imported: number;
  updated: number;
  unchanged: number;
  /** Stored but held for a stated embargo. */
  held: number;
  rejected: { code: string; reason: string }[];
  error: string | null;
  /** When the source is due next (epoch ms, UTC). */
  nextPollAt: number;
}

/** Back-off after `failures` consecutive failures (≥ 1): interval × 2^failures, capped (ms). */
export function backoffMs(intervalS: number, failures: number, maxMs = 24 * 3600 * 1000): number {
  const base = Math.max(intervalS, 1) * 1000;
  return Math.min(base * 2 ** Math.min(failures, 30), Math.max(maxMs, base));
}

let defaultGate: HostGate | null = null;
/** The process-wide host gate used when a caller passes none. */
export function sharedHostGate(): HostGate {
  return (defaultGate ??= new HostGate());
}

/**
 * Poll `source` once. Never throws for fetch, parse or per-entry problems: they are
 * recorded in the source's state and in the result. Store errors (database) do throw.
 */
export async function pollSource(store: Store, source: Source, deps: PollDeps): Promise<PollResult> {
  const started = deps.clock.now();
  const result: PollResult = { sourceId: source.id, outcome: "ok", imported: 0, updated: 0, unchanged: 0, held: 0, rejected: [], error: null, nextPollAt: started };
  const fetchDeps: FetchDeps = { gate: deps.gate ?? sharedHostGate(), fetchOptions: deps.fetchOptions, maxPagesPerPoll: deps.maxPagesPerPoll, maxFileBytes: deps.maxFileBytes };
  let outcome;
  try {
    outcome = await fetchEntries(source, store.sources, fetchDeps, started);
  } catch (e) {
    const now = deps.clock.now();
    const failures = source.state.consecutiveFailures + 1;
    let delay = backoffMs(source.intervalS, failures, deps.maxBackoffMs);
    if (e instanceof RetryLater && e.retryAfterMs !== null) delay = Math.max(e.retryAfterMs, source.intervalS * 1000);
    const message = e instanceof Error ? e.message : String(e);
    result.outcome = "failed";
    result.error = message;
    result.nextPollAt = now + delay;
    await store.sources.updateState(source.id, { lastPolledAt: now, lastError: message, lastErrorAt: now, consecutiveFailures: failures, nextPollAt: result.nextPollAt });
    deps.log?.(`source ${source.id} (${source.name}): ${message}${isPressroomError(e) ? ` [${e.code}]` : ""}; next try in ${Math.round(delay / 1000)} s`);
    return result;
  }
  if (outcome.kind === "not-modified") {
    result.outcome = "not-modified";
  } else {
    result.rejected.push(...outcome.rejected);
    const counts = await ingestEntries(store, source, outcome.entries, outcome.fileMarks, deps.clock);
    result.imported = counts.imported;
    result.updated = counts.updated;
    result.unchanged = counts.unchanged;
    result.held = counts.held;
    result.rejected.push(...counts.rejected);
    await store.sources.addItemsSeen(source.id, counts.fresh);
    await store.sources.updateState(source.id, { etag: outcome.etag, lastModified: outcome.lastModified });
    if (outcome.hub && deps.websubCallbackBase) {
      await ensureSubscription(store, source, outcome.hub, deps.clock.now(), { callbackBase: deps.websubCallbackBase, gate: fetchDeps.gate, fetchOptions: deps.fetchOptions, log: deps.log });
    }
    for (const r of result.rejected) deps.log?.(`source ${source.id} (${source.name}): rejected: ${r.reason} [${r.code}]`);
  }
  const now = deps.clock.now();
  result.nextPollAt = now + source.intervalS * 1000;
  await store.sources.updateState(source.id, { lastPolledAt: now, lastSuccessAt: now, consecutiveFailures: 0, nextPollAt: result.nextPollAt });
  return result;
}

/** Options of {@link pollDueSources}. */
export interface PollDueOptions extends PollDeps {
  /** Most sources polled at the same time (default 4); one host is still served one at a time. */
  concurrency?: number;
}

/**
 * Poll every source due at `clock.now()` once (`pressroom worker --once`, the `poll` task).
 * Sources on different hosts run in parallel up to `concurrency`; the host gate keeps one
 * request at a time per host.
 */
export async function pollDueSources(store: Store, opts: PollDueOptions): Promise<PollResult[]> {
  const due = await store.sources.due(opts.clock.now());
  const results: PollResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < due.length) {
      const s = due[next++]!;
      results.push(await pollSource(store, s, opts));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, due.length)) }, worker));
  return results.sort((a, b) => a.sourceId - b.sourceId);
}

/** What {@link ingestEntries} did, per entry. `fresh`: entries never seen before. */
export interface IngestCounts {
  imported: number;
  updated: number;
  unchanged: number;
  held: number;
  fresh: number;
  rejected: { code: string; reason: string }[];
}

/**
 * Give fetched entries their identity within `source` (`entry-identity.ts`), analyse new
 * and changed ones as `pressroom import` does, store them through `storeDocument`, and
 * record the entries as seen. Used by polling and by WebSub content distribution.
 * Does not change the source's polling state.
 * @param fileMarks `file:` keys with the hash of the bytes read (folder sources).
 */
export async function ingestEntries(store: Store, source: Source, entries: FetchedEntry[], fileMarks: { key: string; hash: string }[], clock: Clock): Promise<IngestCounts> {
  const result: IngestCounts = { imported: 0, updated: 0, unchanged: 0, held: 0, fresh: 0, rejected: [] };
  const keyed = keyEntries(entries.map((e) => e.doc), entries.map((e) => e.fileKey ?? null));
  const allKeys = [...new Set(keyed.flatMap((k) => k.keys))];
  const seen = new Map<string, SeenEntry>();
  for (let i = 0; i < allKeys.length; i += 500) {
    for (const e of await store.sources.findEntries(source.id, allKeys.slice(i, i + 500))) seen.set(e.key, e);
  }
  for (const entry of keyed) {
    const now = clock.now();
    const match = matchSeen(entry, seen);
    const record = async (identity: string, itemId: string | null) => {
      const rows = entry.keys.map((key) => ({ key, identity, itemId, contentHash: entry.hash, seenAt: now }));
      await store.sources.putEntries(source.id, rows);
      for (const r of rows) seen.set(r.key, r);
    };
    if (match && match.contentHash === entry.hash) {
      result.unchanged++;
      if (entry.keys.some((k) => !seen.has(k))) await record(match.identity, match.itemId);
      continue;
    }
    const analysis = analyzeDocuments([entry.doc]);
    result.rejected.push(...analysis.rejected);
    const a = analysis.analysed[0];
    if (!a) continue;
    const input = a.input;
    if (match) input.identity = match.identity;
    else if (!entry.doc.source.guid && entry.doc.source.url && !entry.keys.includes(`link:${entry.doc.source.url.trim()}`)) {
      // A link shared by several entries (or the front page) identifies none of them.
      input.identity = identityOf({ ...entry.doc, source: { ...entry.doc.source, url: null } });
    }
    if (!input.section && source.section) input.section = source.section;
    if (!input.source.name) input.source = { ...input.source, name: source.name };
    const r = await storeDocument(store, input, { now, actor: `source:${source.id}` });
    result[r.status]++;
    if (!match) result.fresh++;
    await record(input.identity, r.id);
  }
  const now = clock.now();
  // A file's key carries the hash of its bytes, so an unchanged file is not read again.
  if (fileMarks.length) {
    await store.sources.putEntries(source.id, fileMarks.map((m) => {
      const known = seen.get(m.key);
      return { key: m.key, identity: known?.identity ?? m.key, itemId: known?.itemId ?? null, contentHash: m.hash, seenAt: now };
    }));
  }
  return result;
}
