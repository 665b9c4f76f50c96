/**
 * The briefing service: what the HTTP / WebSocket API and the pages call. It puts the pure
 * state machine (`apply`), the store (`BriefingStore`: one write transaction per command)
 * and the clock together, and adds what a running call needs besides:
 *
 * - **order**: commands for one briefing run one after the other (a promise chain per
 *   briefing), so their events reach subscribers in `seq` order and never interleave;
 * - **push**: subscribers get each accepted command's events with the new state;
 * - **timers**: a system `tick` at the end of each dropped journalist's grace period, so
 *   `place_lost` reaches clients on time, and a notice (no events) when an embargo given as
 *   a time lifts, so listener views can be refreshed;
 * - **publication**: when the call closes, the transcript is handed to `publish` (see
 *   `publish.ts`) and the item's id recorded; a failed one is tried again (30 s, 60 s, 120 s,
 *   240 s later), and one cut short by a restart is done again by {@link BriefingService.start}.
 *
 * States are cached in memory after the first read. Commands never trust that cache (the store
 * loads the state inside its transaction); with several processes on one database, a
 * {@link BriefingBus} keeps the caches and the pushes of every process up to date.
 */
import { isPressroomError, PressroomError } from "../core/errors.js";
import type { Clock } from "../core/clock.js";
import type { BriefingRecord, BriefingStore } from "../store/briefings.js";
import type { ApplyResult } from "./apply.js";
import type { BriefingEvent, BriefingSetup, BriefingState } from "./types.js";
import { viewFor, type CallView, type Viewer } from "./view.js";
import { embargoDue, MAX_TIMER_MS, nextGraceDue, tickCommandId } from "./timers.js";
import type { BriefingBus as Bus } from "./bus.js";

/** Publishes a closed briefing's transcript; returns the item's public id (published or held). */
export type TranscriptPublisher = (briefingId: string, state: BriefingState) => Promise<{ itemId: string }>;

/** True when a closed call has something to publish: it opened and has at least one turn (retracted turns are gone). */
export function hasTranscript(state: BriefingState): boolean {
  return state.openedAt !== null && state.turns.length > 0;
}

/** Called with each accepted command's events (in `seq` order) and the state after them; `events` is empty when only time moved (an embargo lifted). */
export type BriefingListener = (events: BriefingEvent[], state: BriefingState) => void;

/**
 * What the service needs of a bus between the processes serving one database (`bus.ts`:
 * cluster relay, PostgreSQL LISTEN/NOTIFY). A bus may deliver late, twice, or a process's own
 * notices back to it: the service ignores what it has seen and catches up from the store.
 */
export type BriefingBus = Pick<Bus, "publish" | "onNotice">;

/** Real timers, or none (tests with a fixed clock call {@link BriefingService.runDue}). */
export interface TimerApi {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface BriefingServiceOptions {
  /** `store.briefings`. */
  store: BriefingStore;
  /** Source of "now" (epoch ms UTC) for every command. */
  clock: Clock;
  /** Publishes the transcript on close (`createTranscriptPublisher(store)` from `publish.ts`); none: nothing is published. */
  publish?: TranscriptPublisher;
  /** Default: Node's timers (unref'd, so they never keep the process alive). `false`: no timers; call `runDue()`. */
  timers?: TimerApi | false;
  /**
   * Several processes on one database (`serve --processes N`, several hosts): after each
   * accepted command the service calls `bus.publish(id, seq)`; on a notice from another process
   * it loads the briefing's state from the store and pushes the events its subscribers have not
   * had, in order, once each. Without a bus the service assumes it is the only writer.
   */
  bus?: BriefingBus;
  /** Where failures of background work (timers, publication, a throwing listener) are reported. Default: one JSON line on stderr. */
  onError?: (message: string, detail: Record<string, unknown>) => void;
}

/** See {@link createBriefingService}. */
export interface BriefingService {
  /**
   * Create a briefing; returns the record and its access code (the dial-in PIN, shown once).
   * @throws PressroomError `PRESSROOM_E_BAD_REQUEST` for a bad set-up.
   */
  create(setup: BriefingSetup, by: { userId: number | null }): Promise<{ record: BriefingRecord; accessCode: string }>;
  get(id: string): Promise<BriefingRecord | null>;
  /** Newest scheduled first (at most 100). */
  list(): Promise<BriefingRecord[]>;
  /**
   * Parse, apply and persist one command (as received from a client) at the clock's now;
   * subscribers get the accepted events before this resolves. Commands for one briefing never
   * interleave. A refusal resolves `{ ok: false, error }` (nothing stored, nothing pushed);
   * a retry resolves the first result (`retried: true`, nothing pushed again).
   * On `call_closed` the transcript is published (queued after this command; see {@link idle}).
   * @throws PressroomError `PRESSROOM_E_NOT_FOUND` for an unknown briefing, `PRESSROOM_E_DATABASE`.
   */
  command(id: string, input: unknown): Promise<ApplyResult>;
  /** The full state (real names included: never send it as it is), cached after the first read; null for an unknown briefing. */
  state(id: string): Promise<BriefingState | null>;
  /** `viewFor(state, viewer, now)`: what `viewer` may be sent; null for an unknown briefing. */
  view(id: string, viewer: Viewer): Promise<CallView | null>;
  /**
   * Events with `seq > afterSeq`, in order, unfiltered (filter per viewer before sending).
   * Empty for an unknown briefing. @throws PressroomError `PRESSROOM_E_BAD_REQUEST` for a bad `afterSeq`.
   */
  eventsAfter(id: string, afterSeq: number): Promise<BriefingEvent[]>;
  /** Listen to one briefing; returns the function that stops listening. */
  subscribe(id: string, fn: BriefingListener): () => void;
  /** True when `code` is the briefing's access code (see `BriefingStore.checkAccessCode`). */
  checkAccessCode(id: string, code: string): Promise<boolean>;
  /** Set the grace and embargo timers of the briefings still running, and publish closed ones a restart left unpublished. */
  start(): Promise<void>;
  /**
   * Send the `tick`s and embargo notices that are due at the clock's now (what the timers do);
   * resolves with the number of ticks sent. For tests with a fixed clock, and safe to call any time.
   */
  runDue(): Promise<number>;
  /** Resolves when the work queued for `id` (or for every briefing) so far is done, publication included. */
  idle(id?: string): Promise<void>;
  /** Stop the timers and wait for queued work; later commands are refused with `PRESSROOM_E_CONFLICT`. */
  close(): Promise<void>;
}

const SYSTEM = { id: "system", role: "system" } as const;
/** Wait before a timer whose work failed tries again (ms). */
const RETRY_MS = 5_000;
/** A failed publication is tried again after 30 s, 60 s, 120 s, 240 s (then at the next `start()`). */
const PUBLISH_RETRY_MS = 30_000;
const PUBLISH_ATTEMPTS = 5;

interface Due {
  grace: number | null;
  embargo: number | null;
  handle: unknown;
  at: number | null;
}

/**
 * Create the service (see the module comment). Call `start()` once the server is up.
 *
 * Wiring: `createBriefingService({ store: store.briefings, clock, publish: createTranscriptPublisher(store, clock), bus? })`.
 */
export function createBriefingService(opts: BriefingServiceOptions): BriefingService {
  const { store, clock } = opts;
  const timers: TimerApi | null = opts.timers === false ? null : opts.timers ?? {
    setTimeout: (fn, ms) => { const t = setTimeout(fn, ms); t.unref(); return t; },
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  };
  const report = opts.onError ?? ((message, detail) => { process.stderr.write(`${JSON.stringify({ level: "error", msg: message, ...detail })}\n`); });
  const states = new Map<string, BriefingState>();
  const chains = new Map<string, Promise<unknown>>();
  const listeners = new Map<string, Set<BriefingListener>>();
  const due = new Map<string, Due>();
  /** Pending publication retries (timer handles). */
  const retries = new Set<unknown>();
  let closed = false;

  /** Run `fn` after everything queued for `id`; the chain survives failures. */
  function enqueue<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = chains.get(id) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    chains.set(id, tail);
    void tail.then(() => { if (chains.get(id) === tail) chains.delete(id); });
    return next;
  }

  function notify(id: string, events: BriefingEvent[], state: BriefingState): void {
    for (const fn of listeners.get(id) ?? []) {
      try { fn(events, state); } catch (e) { report("briefing listener failed", { briefing: id, error: String(e) }); }
    }
  }

  async function load(id: string): Promise<BriefingState | null> {
    const have = states.get(id);
    if (have) return have;
    const s = await store.state(id);
    if (s && !states.has(id)) states.set(id, s);
    return states.get(id) ?? s;
  }

  /** (Re)arm the one timer of `id` for the earlier of its grace and embargo instants (not sooner than `minDelay` ms). */
  function arm(id: string, state: BriefingState, minDelay = 0): void {
    const now = clock.now();
    const d = due.get(id) ?? { grace: null, embargo: null, handle: null, at: null };
    d.grace = nextGraceDue(state);
    d.embargo = embargoDue(state, now);
    const at = d.grace === null ? d.embargo : d.embargo === null ? d.grace : Math.min(d.grace, d.embargo);
    if (d.at !== at || at === null || minDelay > 0) {
      if (d.handle !== null && timers) timers.clearTimeout(d.handle);
      d.handle = null;
      d.at = at;
      if (at !== null && timers && !closed) {
        d.handle = timers.setTimeout(() => { d.handle = null; d.at = null; void fire(id); }, Math.min(Math.max(minDelay, at - now), MAX_TIMER_MS));
      }
    }
    if (at === null) due.delete(id); else due.set(id, d);
  }

  /** Do what is due for `id` now; re-arm for what is left. Returns 1 when a tick was sent. */
  async function fire(id: string): Promise<number> {
    if (closed) return 0;
    const d = due.get(id);
    if (!d) return 0;
    const now = clock.now();
    let ticks = 0;
    let failed = false;
    try {
      if (d.embargo !== null && d.embargo <= now) {
        d.embargo = null;
        const s = await load(id);
        if (s) await enqueue(id, async () => notify(id, [], states.get(id) ?? s));
      }
      if (d.grace !== null && d.grace <= now) {
        const r = await command(id, { commandId: tickCommandId(d.grace), actor: SYSTEM, type: "tick" });
        ticks = 1;
        if (!r.ok) report("briefing tick refused", { briefing: id, code: r.error.code });
      }
    } catch (e) {
      failed = true;
      report("briefing timer failed", { briefing: id, error: e instanceof Error ? e.message : String(e) });
    }
    const s = states.get(id);
    // after a failure (database down, ...), try again in a while rather than at once
    if (s) arm(id, s, failed ? RETRY_MS : 0); else due.delete(id);
    return ticks;
  }

  /** Publish the transcript and record the item; on failure, try again later (with timers) up to {@link PUBLISH_ATTEMPTS} times. */
  async function publishNow(id: string, state: BriefingState, attempt = 1): Promise<void> {
    if (!opts.publish || closed) return;
    // A call closed before it opened, or with no turn left: nothing to publish (no item; the
    // briefing stays closed with no item id, and is skipped again after a restart).
    if (!hasTranscript(state)) return;
    try {
      const { itemId } = await opts.publish(id, state);
      await store.setItem(id, itemId);
    } catch (e) {
      const retry = timers !== null && attempt < PUBLISH_ATTEMPTS;
      report("briefing transcript could not be published", {
        briefing: id, attempt, retry, error: e instanceof Error ? e.message : String(e), code: isPressroomError(e) ? e.code : undefined,
      });
      if (retry && timers) {
        const h = timers.setTimeout(() => {
          retries.delete(h);
          void enqueue(id, () => publishNow(id, state, attempt + 1));
        }, PUBLISH_RETRY_MS * 2 ** (attempt - 1));
        retries.add(h);
      }
    }
  }

  function command(id: string, input: unknown): Promise<ApplyResult> {
    if (closed) return Promise.reject(new PressroomError("PRESSROOM_E_CONFLICT", "the briefing service is shutting down"));
    if (typeof id !== "string" || id === "") return Promise.reject(new PressroomError("PRESSROOM_E_BAD_REQUEST", "briefing id must be a non-empty string"));
    return enqueue(id, async () => {
      const r = await store.apply(id, input, clock.now());
      if (r.ok && !r.retried) {
        // Events since what this process last pushed: the command's own, preceded by any that
        // another process applied and whose notice has not arrived yet (the store's state has them).
        const from = states.get(id)?.seq ?? r.state.seq - r.effects.length;
        states.set(id, r.state);
        notify(id, r.state.log.slice(from), r.state);
        arm(id, r.state);
        opts.bus?.publish(id, r.state.seq);
        if (r.effects.some((e) => e.type === "call_closed")) void enqueue(id, () => publishNow(id, r.state));
      }
      return r;
    });
  }

  /** Another process applied commands to `id` up to `seq`: catch up (in this briefing's order) and push what is new. */
  function onNotice(id: string, seq: number): void {
    if (closed || typeof id !== "string" || !Number.isSafeInteger(seq)) return;
    const have = states.get(id);
    if (!have && !listeners.has(id)) return; // nothing cached, nobody listening: later reads load fresh
    if (have && have.seq >= seq) return; // our own notice, or one already caught up with
    void enqueue(id, async () => {
      const before = states.get(id);
      if (before && before.seq >= seq) return;
      const fresh = await store.state(id);
      if (!fresh) return;
      const from = states.get(id)?.seq;
      if (from !== undefined && fresh.seq <= from) return;
      states.set(id, fresh);
      if (from !== undefined) notify(id, fresh.log.slice(from), fresh);
      arm(id, fresh);
    }).catch((e: unknown) => report("briefing notice could not be handled", { briefing: id, error: e instanceof Error ? e.message : String(e) }));
  }
  opts.bus?.onNotice(onNotice);

  const service: BriefingService = {
    async create(setup, by) {
      const out = await store.create(setup, { createdBy: by?.userId ?? null });
      const s = await load(out.record.id);
      if (s) arm(out.record.id, s);
      return out;
    },
    get: (id) => store.get(id),
    list: () => store.list({ limit: 100 }),
    command,
    state: (id) => load(id),
    async view(id, viewer) {
      const s = await load(id);
      return s ? viewFor(s, viewer, clock.now()) : null;
    },
    async eventsAfter(id, afterSeq) {
      if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "afterSeq must be an integer ≥ 0");
      const s = await load(id);
      // state.log holds every event, event n at index n - 1
      return s ? s.log.slice(afterSeq) : [];
    },
    subscribe(id, fn) {
      let set = listeners.get(id);
      if (!set) listeners.set(id, (set = new Set()));
      set.add(fn);
      return () => {
        const s = listeners.get(id);
        if (!s) return;
        s.delete(fn);
        if (s.size === 0) listeners.delete(id);
      };
    },
    checkAccessCode: (id, code) => store.checkAccessCode(id, code),
    async start() {
      for (const r of await store.running()) {
        const s = await load(r.id);
        if (s) arm(r.id, s);
      }
      // closed with an embargo time still ahead: listeners are told when it lifts
      for (const r of await store.list({ limit: 1000 })) {
        if (r.phase !== "closed" || due.has(r.id)) continue;
        const s = await load(r.id);
        if (s && embargoDue(s, clock.now()) !== null) arm(r.id, s);
      }
      for (const r of await store.unpublished()) {
        const s = await load(r.id);
        if (s) void enqueue(r.id, () => publishNow(r.id, s));
      }
    },
    async runDue() {
      const now = clock.now();
      let ticks = 0;
      for (const [id, d] of [...due]) {
        if ((d.grace !== null && d.grace <= now) || (d.embargo !== null && d.embargo <= now)) ticks += await fire(id);
      }
      return ticks;
    },
    async idle(id) {
      if (id !== undefined) { await chains.get(id); return; }
      while (chains.size > 0) await Promise.all([...chains.values()]);
    },
    async close() {
      closed = true;
      for (const d of due.values()) if (d.handle !== null && timers) timers.clearTimeout(d.handle);
      due.clear();
      for (const h of retries) timers?.clearTimeout(h);
      retries.clear();
      await service.idle();
    },
  };
  return service;
}
