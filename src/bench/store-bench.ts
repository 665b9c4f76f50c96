/**
 * Store and search benchmark (issue 2 targets: import ≥ 100 documents/s; search p95 ≤ 20 ms
 * at 100,000 items). Not a test: call {@link runStoreBench} from `npm run bench` or a script.
 *
 * Items are synthetic but shaped like a wire: sentences drawn from the texts you pass
 * (so the vocabulary and term frequencies are real), press releases of a few paragraphs,
 * statements, readouts, and every `transcriptEvery`-th item a briefing transcript with
 * speaker turns and question/answer exchanges, spread over sections and over posting times.
 */
import { createHash } from "node:crypto";
import type { Clock } from "../core/clock.js";
import type { ItemInput } from "../core/item.js";
import type { Kind, Structure, Participant, Turn, Exchange } from "../core/transcript-types.js";
import type { SearchQuery, Store } from "../store/store.js";
import { prng } from "./stats.js";

export interface StoreBenchOptions {
  /** An open store; items are added to whatever it holds. */
  store: Store;
  /** The clock the store was opened with; moved to spread posting times. */
  clock: Clock & { set(ms: number): void };
  /** Number of items to insert. */
  items: number;
  /** Source texts (plain text, any length) to draw sentences from; at least a few KB in all. */
  texts: string[];
  /** Search requests to time. */
  queries: SearchQuery[];
  /** Timed passes over `queries` after one warm-up pass (default 3). */
  passes?: number;
  /** End of the posting-time span (epoch ms UTC; default: the clock's time at start). */
  now?: number;
  /** Length of the posting-time span in days (default 3 × 365). */
  spanDays?: number;
  /** Every n-th item is a transcript (default 6). */
  transcriptEvery?: number;
  /** PRNG seed, so runs are comparable (default 1). */
  seed?: number;
  /** Called every 10,000 items with the count so far. */
  progress?: (done: number) => void;
}

export interface LatencySummary {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface StoreBenchResult {
  inserted: number;
  importSeconds: number;
  importDocsPerSec: number;
  /** Mean characters of body per inserted item. */
  meanBodyChars: number;
  search: LatencySummary;
  perQuery: { query: SearchQuery; p50Ms: number; maxMs: number; total: number; totalCapped: boolean; error?: string }[];
}

/** Nearest-rank percentile of `xs` (ms), rounded to 0.01. */
export function percentileMs(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return Math.round(s[i]! * 100) / 100;
}

function summary(xs: number[]): LatencySummary {
  return {
    samples: xs.length,
    p50Ms: percentileMs(xs, 50),
    p95Ms: percentileMs(xs, 95),
    p99Ms: percentileMs(xs, 99),
    maxMs: Math.round(Math.max(0, ...xs) * 100) / 100,
  };
}


const SECTIONS = ["Office of the Spokesperson", "Bureau of Economic Affairs", "Press Secretary", "Public Health Desk", "Ports and Transport", "Regional Affairs", "Energy Office", "Treasury Notes", "Education Desk", "Agriculture Office", "Defense Desk", "Housing Office"];
const KINDS: Kind[] = ["press_release", "press_release", "press_release", "statement", "statement", "readout", "fact_sheet", "media_note", "speech", "other"];
const FIRST = ["Alex", "Sam", "Rui", "Dana", "Ola", "Kim", "Noor", "Jo", "Ines", "Tomas", "Mei", "Ade", "Lena", "Ravi", "Yara", "Piotr"];
const LAST = ["Marsh", "Okafor", "Lindqvist", "Baptiste", "Moreau", "Tanaka", "Haddad", "Novak", "Silva", "Brennan", "Kowalski", "Ferreira"];
const OUTLETS = ["Harbor Gazette", "Valley Radio", "Northern Wire", "City Ledger", "Coastal Times", "Metro Daily", "Global Dispatch", "Evening Courier"];

/** Sentences (40–320 chars) from `texts`, tags and extra white space removed. */
function sentencePool(texts: string[]): string[] {
  const out: string[] = [];
  for (const t of texts) {
    const flat = t.replace(/<[^>]*>/g, " ").replace(/&[a-z#0-9]+;/gi, " ").replace(/\s+/g, " ");
    for (const s of flat.split(/(?<=[.!?])\s+(?=[A-Z"“])/)) {
      const x = s.trim();
      if (x.length >= 40 && x.length <= 320 && /[a-z]/.test(x)) out.push(x);
    }
  }
  return out;
}

/**
 * Deterministic synthetic items from `texts` (see the module comment). Identities are
 * `bench:<seed>:<i>`, so repeated runs on one store update instead of duplicating.
 */
export function* syntheticItems(texts: string[], n: number, opts: { seed?: number; transcriptEvery?: number } = {}): Generator<ItemInput> {
  const pool = sentencePool(texts);
  if (pool.length < 20) throw new Error("store-bench: texts too short (need at least 20 sentences)");
  const rnd = prng((opts.seed ?? 1) >>> 0 || 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const sentence = () => pick(pool);
  const paragraph = () => {
    const k = 1 + Math.floor(rnd() * 4);
    const s: string[] = [];
    for (let i = 0; i < k; i++) s.push(sentence());
    return s.join(" ");
  };
  const every = Math.max(1, opts.transcriptEvery ?? 6);
  for (let i = 0; i < n; i++) {
    const words = sentence().replace(/[.!?"“”]+$/g, "").split(" ");
    const headline = words.slice(0, 5 + Math.floor(rnd() * 8)).join(" ");
    const section = rnd() < 0.1 ? null : pick(SECTIONS);
    const identity = `bench:${opts.seed ?? 1}:${i}`;
    let kind: Kind;
    let body: string;
    let transcript: Structure | null = null;
    if (i % every === every - 1) {
      kind = "transcript";
      const participants: Participant[] = [{ id: "p0", label: "MODERATOR", role: "moderator", name: null, affiliation: null }, { id: "p1", label: "OFFICIAL", role: "official", name: `${pick(FIRST)} ${pick(LAST)}`, affiliation: null }];
      const turns: Turn[] = [{ index: 0, speaker: "p0", label: "MODERATOR", text: paragraph() }];
      const exchanges: Exchange[] = [];
      const nq = 3 + Math.floor(rnd() * 10);
      for (let q = 0; q < nq; q++) {
        const pid = `q${q}`;
        participants.push({ id: pid, label: "QUESTION", role: "questioner", name: `${pick(FIRST)} ${pick(LAST)}`, affiliation: pick(OUTLETS) });
        const qi = turns.length;
        turns.push({ index: qi, speaker: pid, label: "QUESTION", text: sentence() });
        const ai = turns.length;
        turns.push({ index: ai, speaker: "p1", label: "OFFICIAL", text: [paragraph(), paragraph()].join("\n\n") });
        exchanges.push({ questioner: pid, question_turns: [qi], answer_turns: [ai], follow_up: false });
      }
      body = turns.map((t) => `${t.label}: ${t.text}`).join("\n\n");
      transcript = { headline, section, kind, published: null, dateline: null, ground_rules: { basis: "on_the_record", attribute_to: null }, participants, turns, exchanges, events: [] };
    } else {
      kind = pick(KINDS);
      const np = 2 + Math.floor(rnd() * 8);
      const ps: string[] = [];
      for (let k = 0; k < np; k++) ps.push(paragraph());
      body = ps.join("\n\n");
    }
    const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(rnd() * 2000) * 86_400_000).toISOString().slice(0, 10);
    const published = rnd() < 0.8 ? day : null;
    if (transcript) transcript.published = published;
    yield {
      identity,
      contentHash: createHash("sha256").update(`${headline}\n${body}`).digest("hex"),
      headline,
      section,
      kind,
      published,
      dateline: rnd() < 0.5 ? "WASHINGTON" : null,
      source: { path: null, url: `https://example.invalid/${identity}`, guid: identity, name: "Bench Wire", format: "rss-item" },
      body,
      transcript,
      groundRules: { basis: transcript ? "on_the_record" : null, attribute_to: null },
    };
  }
}

/**
 * Fill `opts.store` with `opts.items` synthetic items (one upsert, i.e. one transaction,
 * per item), then time every query in `opts.queries` (one warm-up pass, then `passes`).
 * Queries the engine rejects are recorded with `error` and excluded from latencies.
 *
 * @returns Import throughput and search latency percentiles (milliseconds).
 */
export async function runStoreBench(opts: StoreBenchOptions): Promise<StoreBenchResult> {
  const end = opts.now ?? opts.clock.now();
  const span = (opts.spanDays ?? 3 * 365) * 86_400_000;
  const start = end - span;
  let chars = 0;
  let inserted = 0;
  const t0 = performance.now();
  const gen = syntheticItems(opts.texts, opts.items, { seed: opts.seed ?? 1, transcriptEvery: opts.transcriptEvery ?? 6 });
  for (const it of gen) {
    opts.clock.set(start + Math.floor((span * inserted) / Math.max(1, opts.items)));
    await opts.store.upsert(it);
    chars += it.body.length;
    inserted++;
    if (opts.progress && inserted % 10_000 === 0) opts.progress(inserted);
  }
  const importSeconds = (performance.now() - t0) / 1000;
  opts.clock.set(end);

  const passes = opts.passes ?? 3;
  const per = opts.queries.map(() => [] as number[]);
  const info = opts.queries.map(() => ({ total: 0, totalCapped: false, error: undefined as string | undefined }));
  for (let pass = 0; pass <= passes; pass++) {
    for (let k = 0; k < opts.queries.length; k++) {
      const t = performance.now();
      try {
        const r = await opts.store.search(opts.queries[k]!);
        const ms = performance.now() - t;
        if (pass > 0) per[k]!.push(ms);
        info[k]!.total = r.total;
        info[k]!.totalCapped = !!r.totalCapped;
      } catch (e) {
        info[k]!.error = e instanceof Error ? e.message : String(e);
      }
    }
  }
  const all = per.flat();
  return {
    inserted,
    importSeconds: Math.round(importSeconds * 1000) / 1000,
    importDocsPerSec: Math.round(inserted / Math.max(importSeconds, 1e-9)),
    meanBodyChars: Math.round(chars / Math.max(1, inserted)),
    search: summary(all),
    perQuery: opts.queries.map((query, k) => ({
      query,
      p50Ms: percentileMs(per[k]!, 50),
      maxMs: Math.round(Math.max(0, ...per[k]!) * 100) / 100,
      total: info[k]!.total,
      totalCapped: info[k]!.totalCapped,
      ...(info[k]!.error ? { error: info[k]!.error } : {}),
    })),
  };
}
