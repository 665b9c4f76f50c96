/**
 * The live side of the briefing API: every WebSocket connection to a briefing, the fan-out
 * of each accepted command's events to them (filtered per viewer, `src/briefing/filter.ts`),
 * commands sent over the socket, resume after a reconnect, presence (a journalist whose last
 * connection closes is reported `drop`ped by the system; coming back sends `rejoin`),
 * per-connection rate limits, heartbeats and back-pressure.
 *
 * Presence works across web processes when the hub has a {@link BriefingPresenceStore} (the
 * routes give it the store's): each hub (a random holder id per start) records how many
 * connections of each journalist it holds and refreshes a heartbeat every
 * `presenceHeartbeatMs`; a journalist is dropped only when no other holder with a fresh
 * heartbeat has them; and every hub sweeps (at start and at each heartbeat) for rows of
 * processes that died or restarted (heartbeat older than `presenceStaleMs`), dropping the
 * journalists nobody holds any more with a deterministic `commandId`
 * (`drop-<participant>-<connected since, epoch ms>`), so concurrent sweeps apply it once.
 *
 * One {@link LiveHub} per server. A briefing with at least one connection has a room that
 * subscribes to the service; the service delivers events in seq order, so every client
 * receives them in order. Messages a connection gets before its `hello` is sent are held
 * and sent after it, so nothing falls between the snapshot and the live stream.
 */
import { randomUUID } from "node:crypto";
import type { WebSocket } from "ws";
import type { FastifyBaseLogger } from "fastify";
import type { Clock } from "../../core/clock.js";
import { isPressroomError } from "../../core/errors.js";
import type { BriefingEvent, BriefingState } from "../../briefing/types.js";
import { clientView, decorate, eventsFor, isOwnEvent, isStaff, mayReceive, StatusBoard, statusKey, type ClientEvent, type LiveStatus } from "../../briefing/filter.js";
import type { Viewer } from "../../briefing/view.js";
import { embargoLifted } from "../../briefing/view.js";
import type { Identity } from "./access.js";
import { SYSTEM_ACTOR_ID } from "./access.js";
import { commandIdOf, parseClientMessage, PROTOCOL_VERSION, wireError, type ServerMessage, type WireError } from "./protocol.js";
import { DEFAULT_MESSAGE_LIMIT, SlidingWindow, type RateLimit } from "./rate.js";
import type { BriefingServicePort } from "./service-port.js";
import type { BriefingPresenceStore, PresenceKey } from "../../store/briefing-presence.js";

/** Tuning of live connections; every field has a default. */
export interface LiveOptions {
  /** Messages a connection may send per window (default 20 per 10 s); more are answered with an error. */
  messageLimit?: RateLimit;
  /** Refused messages in a row after which the connection is closed with 1008 (default 20). */
  abuseCloseAfter?: number;
  /** Interval of server pings, ms; a connection that did not answer the previous one is dropped (default 30 000). */
  pingIntervalMs?: number;
  /** Bytes queued to one client beyond which it is disconnected as too slow (default 4 MiB). */
  maxBufferedBytes?: number;
  /** Shared presence across processes (see the module comment); null or absent: presence is per process. */
  presence?: BriefingPresenceStore | null;
  /** Interval of presence heartbeats and sweeps, ms (default 10 000). */
  presenceHeartbeatMs?: number;
  /** A holder whose heartbeat is older than this (ms) is gone: its journalists are dropped unless held elsewhere (default 30 000, at least 2 heartbeats). */
  presenceStaleMs?: number;
}

/** WebSocket close codes used. */
export const CLOSE = {
  /** Policy violation: flooding after repeated refusals. */
  POLICY: 1008,
  /** The server is shutting down or restarting: reconnect (with `since`), maybe to another process. */
  GOING_AWAY: 1001,
  /** Internal failure. */
  INTERNAL: 1011,
} as const;

interface Conn {
  ws: WebSocket;
  id: string;
  ident: Identity;
  ready: boolean;
  /** Batches of events that came before `hello` went out (sent after it, minus what it covered). */
  held: { events: BriefingEvent[]; state: BriefingState }[];
  inbox: string[];
  lastKey: string;
  seq: number;
  alive: boolean;
  limiter: SlidingWindow;
}

interface Room {
  id: string;
  conns: Set<Conn>;
  unsubscribe: () => void;
  /** Whether listeners could see the call at the last fan-out (null: not known yet). */
  lifted: boolean | null;
  lastSeq: number;
  /** Events accepted since the last fan-out, with the latest state (one fan-out per turn of the event loop). */
  pending: { events: BriefingEvent[]; state: BriefingState } | null;
}

interface Presence {
  count: number;
  chain: Promise<void>;
}

/** All live connections of one server. */
export class LiveHub {
  private readonly rooms = new Map<string, Room>();
  private readonly presence = new Map<string, Presence>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly limit: RateLimit;
  private readonly abuseCloseAfter: number;
  private readonly maxBuffered: number;
  private closing = false;
  /** This hub's id in the shared presence table. */
  readonly holder = randomUUID();
  private readonly shared: BriefingPresenceStore | null;
  private readonly presenceTimer: NodeJS.Timeout | null = null;
  private readonly staleMs: number;
  private sweeping: Promise<void> | null = null;

  constructor(private readonly service: BriefingServicePort, private readonly clock: Clock, private readonly log: FastifyBaseLogger, opts: LiveOptions = {}) {
    this.shared = opts.presence ?? null;
    const every = opts.presenceHeartbeatMs ?? 10_000;
    this.staleMs = opts.presenceStaleMs ?? 30_000;
    if (!(Number.isInteger(every) && every > 0 && Number.isInteger(this.staleMs) && this.staleMs >= 2 * every)) {
      throw new Error(`presence timing: presenceHeartbeatMs must be a positive integer and presenceStaleMs an integer of at least twice it (got ${every}, ${this.staleMs})`);
    }
    if (this.shared) {
      this.presenceTimer = setInterval(() => void this.presenceTick(), every);
      this.presenceTimer.unref();
      void this.presenceTick(); // a sweep right after start: journalists of a process that died
    }
    this.limit = opts.messageLimit ?? DEFAULT_MESSAGE_LIMIT;
    new SlidingWindow(this.limit); // checks the limit once, at start-up
    this.abuseCloseAfter = opts.abuseCloseAfter ?? 20;
    this.maxBuffered = opts.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.heartbeat = setInterval(() => this.beat(), opts.pingIntervalMs ?? 30_000);
    this.heartbeat.unref();
  }

  /** Connections open now (all briefings). */
  get size(): number {
    let n = 0;
    for (const r of this.rooms.values()) n += r.conns.size;
    return n;
  }

  /**
   * Serve an upgraded connection to briefing `id` for `ident`; `since` (the last seq the
   * client saw) asks for the events after it.
   */
  async attach(ws: WebSocket, id: string, ident: Identity, since: number | null): Promise<void> {
    const room = this.room(id);
    const conn: Conn = { ws, id, ident, ready: false, held: [], inbox: [], lastKey: "", seq: 0, alive: true, limiter: new SlidingWindow(this.limit) };
    room.conns.add(conn);
    ws.on("pong", () => { conn.alive = true; });
    ws.on("message", (data, isBinary) => {
      const text = isBinary ? null : data.toString();
      if (text === null) return this.send(conn, { type: "error", error: { code: "PRESSROOM_E_BAD_REQUEST", message: "messages are JSON text frames, not binary" } });
      if (!conn.ready) conn.inbox.push(text);
      else this.handle(conn, text);
    });
    ws.on("close", () => this.detach(room, conn));
    if (ident.participantId !== null) this.presenceOpen(id, ident.participantId);
    try {
      const state = await this.service.state(id);
      if (!state) {
        ws.close(CLOSE.INTERNAL, "no such briefing");
        return;
      }
      const now = this.clock.now();
      room.lifted ??= embargoLifted(state, now);
      const replay = since !== null && since < state.seq ? (await this.service.eventsAfter(id, since)).filter((e) => e.seq <= state.seq) : [];
      if (ws.readyState !== ws.OPEN) return;
      this.send(conn, { type: "hello", protocol: PROTOCOL_VERSION, briefingId: id, role: ident.role, participantId: ident.participantId, seq: state.seq, view: clientView(state, ident.viewer, now) });
      const status = new StatusBoard(state, now).statusFor(ident.viewer);
      conn.lastKey = statusKey(status);
      conn.seq = state.seq;
      if (replay.length) this.send(conn, { type: "events", seq: state.seq, events: eventsFor(ident.viewer, replay, state, now), status, replay: true });
      for (const h of conn.held) {
        const later = h.events.filter((e) => e.seq > state.seq);
        if (later.length === 0) continue;
        const out = new Batch(h.state, later, this.clock.now()).messageFor(ident.viewer, conn.lastKey);
        if (out) {
          conn.lastKey = out.key;
          this.sendRaw(conn, out.data);
        }
      }
      conn.held = [];
      conn.ready = true;
      for (const text of conn.inbox.splice(0)) this.handle(conn, text);
    } catch (e) {
      this.log.error({ err: e, briefing: id }, "briefing connection failed");
      ws.close(CLOSE.INTERNAL, "internal error");
    }
  }

  /** Close every connection with 1001 (going away) and stop timers; presence changes are not reported. */
  close(): void {
    this.closing = true;
    clearInterval(this.heartbeat);
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    // This hub's presence rows stay: once stale, another (or the restarted) process drops the
    // journalists who did not come back.
    for (const room of this.rooms.values()) {
      room.unsubscribe();
      for (const c of room.conns) c.ws.close(CLOSE.GOING_AWAY, "server shutting down");
    }
    this.rooms.clear();
  }

  private room(id: string): Room {
    let room = this.rooms.get(id);
    if (room) return room;
    const r: Room = { id, conns: new Set(), unsubscribe: () => {}, lifted: null, lastSeq: 0, pending: null };
    r.unsubscribe = this.service.subscribe(id, (events, state) => this.fanOut(r, events, state));
    this.rooms.set(id, r);
    return r;
  }

  private detach(room: Room, conn: Conn): void {
    room.conns.delete(conn);
    if (conn.ident.participantId !== null) this.presenceClose(room.id, conn.ident.participantId);
    if (room.conns.size === 0 && this.rooms.get(room.id) === room) {
      room.unsubscribe();
      this.rooms.delete(room.id);
    }
  }

  private liftForListeners(room: Room, state: BriefingState): void {
    room.lifted = true;
    const now = this.clock.now();
    let data: string | null = null;
    for (const c of room.conns) {
      if (c.ident.viewer.role !== "listener") continue;
      if (!c.ready) continue; // its hello carries the view
      data ??= JSON.stringify({ type: "view", seq: state.seq, view: clientView(state, { role: "listener" }, now) } satisfies ServerMessage);
      c.seq = state.seq;
      this.sendRaw(c, data);
      c.lastKey = statusKey(new StatusBoard(state, now).statusFor({ role: "listener" }));
    }
  }

  /**
   * Queue one accepted command's events for the room's next fan-out. The service calls this
   * inside its command chain; the fan-out runs once per turn of the event loop, so commands
   * that arrive while one is being sent are merged into one message per connection (in
   * order) instead of queueing one fan-out each. No events: only time moved (the service's
   * notice that an embargo `{until}` lifted).
   */
  private fanOut(room: Room, all: BriefingEvent[], state: BriefingState): void {
    const events = all.filter((e) => e.seq > room.lastSeq);
    if (events.length) room.lastSeq = events[events.length - 1]!.seq;
    if (room.pending) {
      room.pending.events.push(...events);
      room.pending.state = state;
      return;
    }
    room.pending = { events: [...events], state };
    setImmediate(() => this.flush(room));
  }

  private flush(room: Room): void {
    const p = room.pending;
    room.pending = null;
    if (!p || this.closing) return;
    const { events, state } = p;
    const now = this.clock.now();
    const lifted = embargoLifted(state, now);
    const justLifted = room.lifted === false && lifted;
    room.lifted = lifted;
    if (justLifted) this.liftForListeners(room, state);
    if (events.length === 0) return;
    const batch = new Batch(state, events, now);
    for (const c of room.conns) {
      if (!c.ready) {
        c.held.push({ events, state });
        continue;
      }
      if (justLifted && c.ident.viewer.role === "listener") continue;
      const out = batch.messageFor(c.ident.viewer, c.lastKey);
      if (out === null) continue;
      c.lastKey = out.key;
      c.seq = state.seq;
      this.sendRaw(c, out.data);
    }
  }

  private send(c: Conn, msg: ServerMessage): void {
    this.sendRaw(c, JSON.stringify(msg));
  }

  private sendRaw(c: Conn, data: string): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    if (c.ws.bufferedAmount > this.maxBuffered) {
      this.log.warn({ briefing: c.id, role: c.ident.role }, "briefing client too slow; disconnected");
      c.ws.terminate();
      return;
    }
    c.ws.send(data);
  }

  private reply(c: Conn, error: WireError, commandId?: string | null): void {
    if (commandId !== undefined) this.send(c, { type: "result", commandId, ok: false, error });
    else this.send(c, { type: "error", error });
  }

  /** Handle one client message; a failure is logged and answered, never left unhandled. */
  private handle(c: Conn, text: string): void {
    this.onMessage(c, text).catch((err) => {
      this.log.error({ err, briefing: c.id }, "briefing message failed");
      this.reply(c, { code: "PRESSROOM_E_INTERNAL", message: "internal error" });
    });
  }

  private async onMessage(c: Conn, text: string): Promise<void> {
    if (!c.limiter.take(Date.now())) {
      const after = Math.ceil(c.limiter.retryAfter(Date.now()) / 1000);
      const error: WireError = { code: "PRESSROOM_E_RATE_LIMITED", message: `too many messages (at most ${this.limit.max} per ${this.limit.windowMs / 1000} s); try again in ${after} s` };
      const parsed = parseClientMessage(text);
      this.reply(c, error, "type" in parsed && parsed.type === "command" ? commandIdOf(parsed.command) : undefined);
      if (c.limiter.refused >= this.abuseCloseAfter) c.ws.close(CLOSE.POLICY, "message rate limit exceeded repeatedly");
      return;
    }
    const msg = parseClientMessage(text);
    if ("error" in msg) return this.reply(c, msg.error);
    if (msg.type === "ping") return this.send(c, { type: "pong" });
    if (msg.type === "resume") return this.resume(c, msg.since);
    const commandId = commandIdOf(msg.command);
    const actor = c.ident.actor;
    if (!actor) return this.reply(c, { code: "PRESSROOM_E_FORBIDDEN", message: "listeners cannot send commands" }, commandId);
    try {
      const r = await this.service.command(c.id, { ...msg.command, actor });
      if (!r.ok) return this.reply(c, wireError(r.error), commandId);
      const result: ServerMessage = { type: "result", commandId, ok: true, retried: r.retried, seq: r.effects.length ? r.effects[r.effects.length - 1]!.seq : null };
      // The command's events go out on the fan-out already queued (setImmediate); queue the
      // result behind it, so a client gets the events of its command before the result.
      setImmediate(() => this.send(c, result));
    } catch (e) {
      if (!isPressroomError(e)) this.log.error({ err: e, briefing: c.id }, "briefing command failed");
      this.reply(c, isPressroomError(e) ? { code: e.code, message: e.message } : { code: "PRESSROOM_E_INTERNAL", message: "internal error" }, commandId);
    }
  }

  private async resume(c: Conn, since: number): Promise<void> {
    const state = await this.service.state(c.id);
    if (!state) return;
    const now = this.clock.now();
    const events = (await this.service.eventsAfter(c.id, since)).filter((e) => e.seq <= state.seq);
    const status: LiveStatus = new StatusBoard(state, now).statusFor(c.ident.viewer);
    this.send(c, { type: "events", seq: state.seq, events: eventsFor(c.ident.viewer, events, state, now), status, replay: true });
  }

  private beat(): void {
    for (const room of this.rooms.values()) {
      for (const c of room.conns) {
        if (!c.alive) {
          c.ws.terminate();
          continue;
        }
        c.alive = false;
        c.ws.ping();
      }
    }
  }

  private presenceOpen(id: string, participant: string): void {
    const p = this.presenceOf(id, participant);
    p.count += 1;
    this.claim(p, id, participant);
  }

  /** Record this hub's connections of the participant (shared presence) and send `rejoin` when the state has them dropped. */
  private claim(p: Presence, id: string, participant: string): void {
    this.chain(p, id, async () => {
      if (this.shared && !this.closing) await this.shared.set({ briefingId: id, participant }, this.holder, p.count, Date.now());
      if (p.count === 0) return;
      const s = await this.service.state(id);
      if (!s || s.phase === "closed" || s.connections[participant]?.status !== "dropped") return;
      await this.service.command(id, { commandId: `rejoin:${participant}:${randomUUID()}`, actor: { id: participant, role: "journalist" }, type: "rejoin" });
    });
  }

  private presenceClose(id: string, participant: string): void {
    const p = this.presenceOf(id, participant);
    p.count -= 1;
    if (this.closing) return; // a restart is no drop: clients reconnect (if they do not, the sweep drops them)
    this.chain(p, id, async () => {
      const key = { briefingId: id, participant };
      if (this.shared) await this.shared.set(key, this.holder, p.count, Date.now());
      if (p.count > 0) return;
      if (this.shared && (await this.shared.heldElsewhere(key, this.holder, Date.now() - this.staleMs))) return;
      await this.dropIfConnected(key);
    });
  }

  /** Report the participant dropped (as the system) when the state has them connected; idempotent across processes. */
  private async dropIfConnected(key: PresenceKey): Promise<void> {
    const s = await this.service.state(key.briefingId);
    const c = s?.connections[key.participant];
    if (!s || s.phase === "closed" || !c || c.status !== "connected") return;
    await this.service.command(key.briefingId, { commandId: `drop-${key.participant}-${c.since}`, actor: { id: SYSTEM_ACTOR_ID, role: "system" }, type: "drop", participant: key.participant });
  }

  /** Heartbeat of this hub's presence rows, then a sweep for journalists whose holders are gone. Never throws. */
  private presenceTick(): Promise<void> {
    if (this.sweeping) return this.sweeping;
    const run = async () => {
      const shared = this.shared;
      if (!shared || this.closing) return;
      const now = Date.now();
      const held = [...this.presence.entries()].filter(([, p]) => p.count > 0);
      const beaten = await shared.heartbeat(this.holder, now);
      if (beaten < held.length) {
        // Rows of ours are gone (this process stalled past the staleness limit and another
        // swept it): claim them again, rejoining journalists the sweep dropped.
        for (const [k, p] of held) {
          const [id, participant] = k.split("\u0000") as [string, string];
          this.claim(p, id, participant);
        }
      }
      const freshSince = now - this.staleMs;
      const steps: Promise<void>[] = [];
      for (const key of await shared.lost(freshSince)) {
        if (this.closing) return;
        const p = this.presenceOf(key.briefingId, key.participant);
        if (p.count > 0) {
          this.claim(p, key.briefingId, key.participant); // held here after all: claim it again
          continue;
        }
        this.chain(p, key.briefingId, async () => {
          if (p.count > 0) return;
          await this.dropIfConnected(key);
          await shared.forget(key, freshSince);
        });
        steps.push(p.chain);
      }
      await Promise.all(steps);
    };
    this.sweeping = run().catch((err) => {
      if (!this.closing) this.log.error({ err }, "briefing presence sweep failed");
    }).finally(() => { this.sweeping = null; });
    return this.sweeping;
  }

  /** Run one presence heartbeat and sweep now (tests; the hub runs them every `presenceHeartbeatMs`). */
  sweepPresence(): Promise<void> {
    return this.presenceTick();
  }

  private presenceOf(id: string, participant: string): Presence {
    const key = `${id}\u0000${participant}`;
    let p = this.presence.get(key);
    if (!p) {
      p = { count: 0, chain: Promise.resolve() };
      this.presence.set(key, p);
    }
    return p;
  }

  private chain(p: Presence, id: string, step: () => Promise<void>): void {
    const next: Promise<void> = p.chain.then(step).catch((err) => {
      if (!this.closing) this.log.error({ err, briefing: id }, "briefing presence update failed");
    }).finally(() => {
      // forget a participant with no connection once nothing more is queued for them
      if (p.chain === next && p.count === 0) for (const [k, v] of this.presence) if (v === p) this.presence.delete(k);
    });
    p.chain = next;
  }
}

/**
 * The messages of one fan-out: computed once per kind of viewer and shared (every member of
 * staff gets the same bytes; journalists with no event of their own and the same position
 * too; listeners all the same), so a call of hundreds costs little more than its sends.
 */
class Batch {
  private readonly board: StatusBoard;
  private readonly decorated: ClientEvent[];
  private staff: string | null = null;
  private listener: { evs: ClientEvent[]; key: string; data: string } | null = null;
  private readonly byPosition = new Map<string, { key: string; data: string }>();
  private readonly shared: { i: number; own: boolean }[] = [];

  constructor(private readonly state: BriefingState, private readonly events: BriefingEvent[], now: number) {
    this.board = new StatusBoard(state, now);
    this.decorated = events.map((e) => decorate(state, e));
    events.forEach((e, i) => {
      if (mayReceive({ role: "journalist", id: "\u0000" }, e, this.board.lifted)) this.shared.push({ i, own: false });
      else if (isOwnEvent(e)) this.shared.push({ i, own: true });
    });
  }

  /** The message for `viewer` whose last status key was `lastKey`, or null when nothing changed for them. */
  messageFor(viewer: Viewer, lastKey: string): { key: string; data: string } | null {
    const seq = this.state.seq;
    if (isStaff(viewer)) {
      this.staff ??= JSON.stringify({ type: "events", seq, events: this.decorated, status: this.board.statusFor(viewer) } satisfies ServerMessage);
      return { key: "", data: this.staff };
    }
    if (viewer.role === "listener") {
      if (!this.listener) {
        const status = this.board.statusFor(viewer);
        const evs = this.decorated.filter((_, i) => mayReceive(viewer, this.events[i]!, this.board.lifted));
        this.listener = { evs, key: statusKey(status), data: JSON.stringify({ type: "events", seq, events: evs, status } satisfies ServerMessage) };
      }
      return this.listener.evs.length || this.listener.key !== lastKey ? this.listener : null;
    }
    const status = this.board.statusFor(viewer);
    const key = statusKey(status);
    const me = viewer.role === "journalist" ? viewer.id : null;
    const evs: ClientEvent[] = [];
    let own = false;
    for (const s of this.shared) {
      const e = this.events[s.i]!;
      if (s.own && !("participant" in e && e.participant === me)) continue;
      own ||= s.own;
      evs.push(this.decorated[s.i]!);
    }
    if (evs.length === 0 && key === lastKey) return null;
    if (own) return { key, data: JSON.stringify({ type: "events", seq, events: evs, status } satisfies ServerMessage) };
    const pos = String(status.myPosition);
    let hit = this.byPosition.get(pos);
    if (!hit) {
      hit = { key, data: JSON.stringify({ type: "events", seq, events: evs, status } satisfies ServerMessage) };
      this.byPosition.set(pos, hit);
    }
    return hit;
  }
}
