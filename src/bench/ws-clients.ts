/**
 * Load clients for `npm run bench:briefing`: many WebSocket clients of one or more live
 * briefings in THIS process, each recording when it received which event (`seq`), and a
 * {@link Tracker} that stamps every command sent so latencies can be computed afterwards.
 *
 * All times are `performance.now()` of this process (ms, fractional): senders and receivers
 * live in the same process, so no clock skew, but a receive time includes the time this
 * process took to get to the message (its own event loop is part of the measurement).
 *
 * Protocol (docs/briefings.md, "HTTP and WebSocket API", v1): server → client
 * `{type:"hello", seq, view}`, `{type:"events", seq, events, status}` (only when the viewer has
 * something new; `events` may be empty when only the status changed), `{type:"view", seq, view}`,
 * `{type:"result", commandId, ok, error?}`, `{type:"error", error}`; client → server
 * `{type:"command", command}` (the server sets the actor from the connection).
 */
import WebSocket from "ws";
import { percentile, round } from "./stats.js";

/** Roles a load client connects in. */
export type ClientRole = "moderator" | "operator" | "stenographer" | "journalist" | "listener";

/** A command as the bench sends it, without `commandId` and actor. */
export interface BenchCommand {
  type: string;
  [field: string]: unknown;
}

/** A command sent: when (performance.now() ms), in which briefing (index), by which client, its type. */
interface SentCommand {
  /** performance.now() when sent, ms. */
  t: number;
  briefing: number;
  client: LoadClient;
  type: string;
}

/** Where results go: one per scenario. */
export class Tracker {
  /** commandId → when and by whom it was sent. */
  readonly sent = new Map<string, SentCommand>();
  /** commandId → answer (`result` message) time and outcome. */
  readonly results = new Map<string, { t: number; ok: boolean; code: string | null }>();
  /** Per briefing: seq → commandId of the command that caused it (learnt from any client that got the event). */
  readonly seqCommand: Map<number, string>[] = [];
  /** Per briefing: seq → event type. */
  readonly seqType: Map<number, string>[] = [];
  /** Protocol problems seen (bad JSON, unexpected messages, error replies), first 50. */
  readonly problems: string[] = [];
  problemCount = 0;
  private next = 0;

  constructor(briefings: number) {
    for (let i = 0; i < briefings; i++) {
      this.seqCommand.push(new Map());
      this.seqType.push(new Map());
    }
  }

  /** A fresh command id (unique in the scenario). */
  commandId(prefix: string): string {
    return `${prefix}-${(this.next++).toString(36)}`;
  }

  /** Note a protocol problem (kept: the first 50; counted: all). */
  problem(msg: string): void {
    this.problemCount++;
    if (this.problems.length < 50) this.problems.push(msg);
  }
}

/** Options of {@link LoadClient.connect}. */
export interface ConnectOptions {
  /** ws://host:port/api/v1/briefings/ID/live?... (already carrying the client's credentials). */
  url: string;
  headers?: Record<string, string>;
  /** Give up after this long, ms (default 20 000). */
  timeoutMs?: number;
}

/** An event as the bench reads it (only the fields it needs). */
interface WireEvent {
  seq: number;
  type: string;
  commandId?: string;
  participant?: string;
}

/**
 * One WebSocket client. Records, for every message received, the sequence numbers it
 * covers and when it arrived; keeps the last view it was sent.
 */
export class LoadClient {
  ws: WebSocket | null = null;
  /** When each seq was first shown to this client, flattened pairs: [seq0, t0, seq1, t1, ...] (seqs in order, each once). */
  readonly recv: number[] = [];
  messages = 0;
  bytes = 0;
  /** Events received (in `events` messages). */
  events = 0;
  /** Highest seq seen in a hello, view, status or event. */
  lastSeq = 0;
  /** The last view sent (hello or view), with the fields of later `status` objects laid over it. */
  lastView: Record<string, unknown> | null = null;
  helloAt: number | null = null;
  /** Commands sent and not yet answered. */
  pending = 0;
  /** Called after every `result`. */
  onResult: ((commandId: string, ok: boolean, code: string | null) => void) | null = null;
  /** Called after every `events` message, with the events. */
  onEvents: ((events: WireEvent[]) => void) | null = null;
  closed = false;

  constructor(
    readonly tracker: Tracker,
    readonly briefing: number,
    readonly role: ClientRole,
    /** Participant id (journalists, staff) or a listener number. */
    readonly id: string,
  ) {}

  /** Open the socket and wait for the server's `hello`. */
  connect(opts: ConnectOptions): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(opts.url, { headers: opts.headers, perMessageDeflate: false });
      this.ws = ws;
      const timer = setTimeout(() => { ws.terminate(); reject(new Error(`${this.role} ${this.id}: no hello within ${opts.timeoutMs ?? 20_000} ms`)); }, opts.timeoutMs ?? 20_000);
      let settled = false;
      ws.on("unexpected-response", (_req, res) => {
        clearTimeout(timer);
        settled = true;
        let body = "";
        res.on("data", (c: Buffer) => { body += c.toString(); });
        res.on("end", () => reject(new Error(`${this.role} ${this.id}: upgrade refused ${res.statusCode}: ${body.slice(0, 300)}`)));
      });
      ws.on("error", (e) => {
        if (!settled) { settled = true; clearTimeout(timer); reject(e); } else this.tracker.problem(`${this.role} ${this.id}: ${e.message}`);
      });
      ws.on("close", (code, reason) => {
        this.closed = true;
        if (!settled) { settled = true; clearTimeout(timer); reject(new Error(`${this.role} ${this.id}: closed ${code} ${reason.toString()}`)); }
      });
      ws.on("message", (data: Buffer) => {
        const t = performance.now();
        this.messages++;
        this.bytes += data.length;
        const kind = this.receive(data, t);
        if (kind === "hello" && !settled) { settled = true; clearTimeout(timer); this.helloAt = t; resolve(); }
      });
    });
  }

  private receive(data: Buffer, t: number): string | null {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(data.toString("utf8")) as Record<string, unknown>;
    } catch {
      this.tracker.problem(`${this.role} ${this.id}: bad JSON from the server`);
      return null;
    }
    const view = msg.view !== null && typeof msg.view === "object" ? (msg.view as Record<string, unknown>) : null;
    const status = msg.status !== null && typeof msg.status === "object" ? (msg.status as Record<string, unknown>) : null;
    if (view) this.lastView = view;
    else if (status) this.lastView = { ...(this.lastView ?? {}), ...status };
    const msgSeq = typeof msg.seq === "number" ? msg.seq : typeof view?.seq === "number" ? view.seq : typeof status?.seq === "number" ? status.seq : null;
    switch (msg.type) {
      case "hello":
        this.lastSeq = Math.max(this.lastSeq, msgSeq ?? 0);
        return "hello";
      case "view":
        if (msgSeq !== null) this.upTo(msgSeq, t);
        return "view";
      case "events": {
        const events = Array.isArray(msg.events) ? (msg.events as WireEvent[]) : [];
        const sc = this.tracker.seqCommand[this.briefing]!;
        const st = this.tracker.seqType[this.briefing]!;
        let top = msgSeq ?? 0;
        this.events += events.length;
        for (const e of events) {
          if (typeof e.seq !== "number") continue;
          if (e.seq > top) top = e.seq;
          if (typeof e.commandId === "string" && !sc.has(e.seq)) { sc.set(e.seq, e.commandId); st.set(e.seq, e.type); }
        }
        this.upTo(top, t);
        this.onEvents?.(events);
        return "events";
      }
      case "result": {
        const id = String(msg.commandId);
        const err = msg.error !== null && typeof msg.error === "object" ? (msg.error as Record<string, unknown>) : null;
        // the briefing's own code (`reason`) when given, else the catalogue code
        const code = err ? (typeof err.reason === "string" ? err.reason : typeof err.code === "string" ? err.code : "unknown") : null;
        this.tracker.results.set(id, { t, ok: msg.ok === true, code });
        this.pending = Math.max(0, this.pending - 1);
        this.onResult?.(id, msg.ok === true, code);
        return "result";
      }
      case "error":
        this.tracker.problem(`${this.role} ${this.id}: error message ${JSON.stringify(msg).slice(0, 200)}`);
        return "error";
      case "pong": case "ping":
        return String(msg.type);
      default:
        this.tracker.problem(`${this.role} ${this.id}: unexpected message type ${JSON.stringify(msg.type)}`);
        return null;
    }
  }

  /**
   * A message at `seq` shows the call as of that event: the client has now seen everything
   * up to it (events it may not see leave nothing to show, so they count as seen with it).
   */
  private upTo(seq: number, t: number): void {
    for (let q = this.lastSeq + 1; q <= seq; q++) this.recv.push(q, t);
    if (seq > this.lastSeq) this.lastSeq = seq;
  }

  /**
   * Send a command, stamped with a fresh commandId and the send time (no actor: the server sets
   * it from the connection). Returns the id.
   */
  send(body: BenchCommand): string {
    const commandId = this.tracker.commandId(this.id);
    const command = { commandId, ...body };
    const t = performance.now();
    this.tracker.sent.set(commandId, { t, briefing: this.briefing, client: this, type: body.type });
    this.pending++;
    this.ws!.send(JSON.stringify({ type: "command", command }));
    return commandId;
  }

  /** Close the socket and wait for it to be closed (at most 2 s). */
  close(): Promise<void> {
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => { ws.terminate(); resolve(); }, 2_000);
      ws.once("close", () => { clearTimeout(timer); resolve(); });
      ws.close(1000, "bench done");
    });
  }
}

/** Latency figures, ms. */
export interface LatencyStats {
  samples: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

/** p50/p90/p99/max/mean of `xs` (ms), rounded to 0.01. */
export function latencyStats(xs: number[]): LatencyStats {
  if (xs.length === 0) return { samples: 0, p50Ms: NaN, p90Ms: NaN, p99Ms: NaN, maxMs: NaN, meanMs: NaN };
  let max = -Infinity;
  let sum = 0;
  for (const x of xs) { if (x > max) max = x; sum += x; }
  return { samples: xs.length, p50Ms: round(percentile(xs, 50)), p90Ms: round(percentile(xs, 90)), p99Ms: round(percentile(xs, 99)), maxMs: round(max), meanMs: round(sum / xs.length) };
}

/**
 * Whether a client MUST receive a command's events, decided by the caller from the protocol's
 * filter rules. Clients for which it returns false may still be sent something (e.g. a
 * journalist whose place in the queue moved): such deliveries are measured, not required.
 */
export type ShouldSee = (client: LoadClient, eventTypes: string[], sender: LoadClient, seqs: number[]) => boolean;

/** What {@link analyse} finds. */
export interface Analysis {
  /** Accepted commands measured (sent in the measuring window). */
  commands: number;
  /** Commands refused by the server (counted, not timed), by error code. */
  refused: Record<string, number>;
  /** Commands sent but never answered. */
  unanswered: number;
  /** Per accepted command: time from sending until the LAST client that must see it had it. */
  actionToAll: LatencyStats;
  /** Per required (command, client) delivery: time from sending until that client had it. */
  actionToEach: LatencyStats;
  /** Per command: time from sending until the sender's `result`. */
  actionToResult: LatencyStats;
  /** (command, client) pairs delivered, required or not. */
  deliveries: number;
  /** (command, client) pairs that should have been delivered but were not. */
  missing: number;
  /** A few of the missing ones, for the report. */
  missingExamples: string[];
  /** (command, client) deliveries the rules require. */
  required: number;
  /** Deliveries the rules do not require (a status change the viewer was shown anyway). */
  optional: number;
  /** Accepted commands by type. */
  byType: Record<string, number>;
  /** Deliveries by command type. */
  deliveriesByType: Record<string, number>;
}

/**
 * Compute latencies from what the clients recorded. Only commands sent at or after
 * `fromT` (performance.now() ms) count (warm-up excluded).
 */
export function analyse(tracker: Tracker, clients: LoadClient[], shouldSee: ShouldSee, fromT: number): Analysis {
  // per client: seq → first receive time
  const firstSeen = new Map<LoadClient, Map<number, number>>();
  for (const c of clients) {
    const m = new Map<number, number>();
    for (let i = 0; i < c.recv.length; i += 2) {
      const seq = c.recv[i]!;
      if (!m.has(seq)) m.set(seq, c.recv[i + 1]!);
    }
    firstSeen.set(c, m);
  }
  // per briefing: commandId → its seqs
  const seqsOf = tracker.seqCommand.map((sc) => {
    const by = new Map<string, number[]>();
    for (const [seq, id] of sc) {
      const l = by.get(id);
      if (l) l.push(seq); else by.set(id, [seq]);
    }
    return by;
  });
  const byBriefing = new Map<number, LoadClient[]>();
  for (const c of clients) {
    const l = byBriefing.get(c.briefing);
    if (l) l.push(c); else byBriefing.set(c.briefing, [c]);
  }
  const toAll: number[] = [];
  const toEach: number[] = [];
  const toResult: number[] = [];
  const refused: Record<string, number> = {};
  const byType: Record<string, number> = {};
  let unanswered = 0;
  let missing = 0;
  let required = 0;
  let optional = 0;
  let deliveries = 0;
  const deliveriesByType: Record<string, number> = {};
  const missingExamples: string[] = [];
  let commands = 0;
  for (const [id, s] of tracker.sent) {
    if (s.t < fromT) continue;
    const r = tracker.results.get(id);
    if (!r) { unanswered++; continue; }
    if (!r.ok) { refused[r.code ?? "unknown"] = (refused[r.code ?? "unknown"] ?? 0) + 1; continue; }
    toResult.push(r.t - s.t);
    const seqs = seqsOf[s.briefing]!.get(id);
    if (!seqs || seqs.length === 0) continue; // accepted, but no event reached anybody (e.g. a retry)
    commands++;
    byType[s.type] = (byType[s.type] ?? 0) + 1;
    const types = seqs.map((q) => tracker.seqType[s.briefing]!.get(q) ?? "?");
    let last = -Infinity;
    for (const c of byBriefing.get(s.briefing) ?? []) {
      const seen = firstSeen.get(c)!;
      let first = Infinity;
      for (const q of seqs) { const t = seen.get(q); if (t !== undefined && t < first) first = t; }
      const should = shouldSee(c, types, s.client, seqs);
      if (should) required++;
      if (first === Infinity) {
        if (should) {
          missing++;
          if (missingExamples.length < 10) missingExamples.push(`${c.role} ${c.id} never got ${s.type} ${id} (seq ${seqs.join(",")})`);
        }
        continue;
      }
      deliveries++;
      deliveriesByType[s.type] = (deliveriesByType[s.type] ?? 0) + 1;
      // A client the command did not have to reach was shown it with whatever came next: counted, not timed.
      if (!should) { optional++; continue; }
      const lat = first - s.t;
      toEach.push(lat);
      if (lat > last) last = lat;
    }
    if (last > -Infinity) toAll.push(last);
  }
  return {
    commands, refused, unanswered,
    actionToAll: latencyStats(toAll), actionToEach: latencyStats(toEach), actionToResult: latencyStats(toResult),
    deliveries, missing, missingExamples, required, optional, byType, deliveriesByType,
  };
}

/** Run `fn` over `items` with at most `n` in flight. */
export async function pool<T, R>(items: T[], n: number, fn: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

export { prng } from "./stats.js";
