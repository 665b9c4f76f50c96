/**
 * `npm run bench:briefing` (issue 7): live briefings under load, on loopback.
 *
 * Two scenarios, each against a fresh server in a CHILD process (so its memory is measured
 * alone) on a fresh SQLite store in a temp folder:
 *  1. `single`: one briefing with 500 journalists (each joined over HTTP with the access code,
 *     so each has its own participant token), 100 listeners and the three staff connections
 *     (moderator, operator, stenographer), all on WebSocket. For BENCH_SECONDS every journalist
 *     raises and withdraws their hand at random (on average every BENCH_ACTION_MS), the operator
 *     opens a line every BENCH_LINE_MS and the stenographer types a turn every BENCH_TURN_MS.
 *  2. `multi`: BENCH_BRIEFINGS (20) such briefings at once, each with BENCH_MULTI_JOURNALISTS
 *     (25) journalists and BENCH_MULTI_LISTENERS (5) listeners, same behaviour.
 *
 * Measured: latency from a command being sent to EVERY client that must see it (by the
 * filter of src/briefing/filter.ts) having received it (per command: the slowest client),
 * p50/p99; the same per delivery; the sender's `result`; deliveries that never arrived;
 * server memory per connection (RSS and heap after GC, before and after connecting, divided
 * by connections); messages and events per second delivered; server CPU per command and the
 * time it waited for a CPU. All the clients run in this process (one event loop, timed with
 * performance.now()): a receive time includes this process getting round to the message.
 *
 * Target: p99 action → all ≤ 100 ms. Prints the figures, writes bench-results/briefing-latest.json
 * (and a dated copy). Environment knobs: BENCH_JOURNALISTS (500), BENCH_LISTENERS (100),
 * BENCH_BRIEFINGS (20), BENCH_MULTI_JOURNALISTS (25), BENCH_MULTI_LISTENERS (5),
 * BENCH_SECONDS (20), BENCH_WARMUP_SECONDS (2), BENCH_ACTION_MS (10000), BENCH_LINE_MS (3000),
 * BENCH_TURN_MS (1000), BENCH_SCENARIOS (`single,multi`), BENCH_OUT (output file),
 * BENCH_SEED (1), BENCH_PROFILE (a folder: write a V8 CPU profile of the server there).
 *
 * Run as `node dist/bench/briefing.js --server` it is the child: a server on 127.0.0.1:0
 * that reports its port over IPC and answers memory questions.
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createBriefingService } from "../briefing/service.js";
import { systemClock } from "../core/clock.js";
import { registerBriefingRoutes } from "../publish/briefings/routes.js";
import { createContext } from "../publish/context.js";
import { buildServer } from "../publish/server.js";
import { openSqliteStore } from "../store/sqlite.js";
import { round } from "./stats.js";
import { analyse, LoadClient, pool, prng, Tracker, type Analysis, type ClientRole, type ShouldSee } from "./ws-clients.js";

/** Target of issue 7: p99 from an action to every client seeing it. */
export const TARGET_P99_MS = 100;

// ---------------------------------------------------------------------------------------
// Options

/** What one scenario runs. */
export interface ScenarioOptions {
  name: string;
  briefings: number;
  journalists: number;
  listeners: number;
  seconds: number;
  warmupSeconds: number;
  /** Mean time between two actions of one journalist, ms. */
  actionMs: number;
  /** Operator opens a line this often (per briefing), ms; 0 = never. */
  lineMs: number;
  /** Stenographer types a turn this often (per briefing), ms; 0 = never. */
  turnMs: number;
  seed: number;
}

function intEnv(name: string, dflt: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || Math.floor(n) !== n) {
    throw new Error(`${name} must be a whole number >= ${min}, got ${JSON.stringify(raw)}`);
  }
  return n;
}

/** Scenario options from the environment (throws on a bad value, naming the variable). */
export function scenariosFromEnv(): ScenarioOptions[] {
  const common = {
    seconds: intEnv("BENCH_SECONDS", 20, 1),
    warmupSeconds: intEnv("BENCH_WARMUP_SECONDS", 2, 0),
    actionMs: intEnv("BENCH_ACTION_MS", 10_000, 10),
    lineMs: intEnv("BENCH_LINE_MS", 3_000, 0),
    turnMs: intEnv("BENCH_TURN_MS", 1_000, 0),
    seed: intEnv("BENCH_SEED", 1, 0),
  };
  const want = (process.env.BENCH_SCENARIOS ?? "single,multi").split(",").map((s) => s.trim()).filter(Boolean);
  for (const w of want) if (w !== "single" && w !== "multi") throw new Error(`BENCH_SCENARIOS: unknown scenario ${JSON.stringify(w)} (single, multi)`);
  const out: ScenarioOptions[] = [];
  if (want.includes("single")) {
    out.push({ name: "single", briefings: 1, journalists: intEnv("BENCH_JOURNALISTS", 500, 1), listeners: intEnv("BENCH_LISTENERS", 100, 0), ...common });
  }
  if (want.includes("multi")) {
    out.push({ name: "multi", briefings: intEnv("BENCH_BRIEFINGS", 20, 1), journalists: intEnv("BENCH_MULTI_JOURNALISTS", 25, 1), listeners: intEnv("BENCH_MULTI_LISTENERS", 5, 0), ...common });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// The server child

interface Ready { type: "ready"; port: number; token: string }
/** Memory of the server process after two full GCs, bytes. */
interface Mem { type: "mem"; rss: number; heapUsed: number; external: number; arrayBuffers: number }

/** CPU figures of a process, ms. */
export interface ProcCpu {
  /** CPU time used by all its threads (user + system). */
  cpuMs: number;
  /** Time its main (JavaScript) thread spent runnable but waiting for a CPU; null when unknown. */
  waitMs: number | null;
}

/**
 * CPU used by process `pid` and the time its main thread waited for a CPU, read from
 * /proc/PID/stat (ticks of 10 ms) and /proc/PID/schedstat (Linux); null elsewhere. Read by the
 * bench process, so a busy server cannot delay the reading. On a machine shared with other
 * work the waiting time is where latency goes that no profile of our code shows.
 */
export function procCpu(pid: number): ProcCpu | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields 14 and 15 (utime, stime) of the whole line are 12 and 13 after "pid (comm) "
    const ticks = Number(f[11]) + Number(f[12]);
    let waitMs: number | null = null;
    try {
      const ns = Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").trim().split(/\s+/)[1]);
      if (Number.isFinite(ns)) waitMs = ns / 1e6;
    } catch { /* no schedstat (kernel without CONFIG_SCHEDSTATS) */ }
    // Linux counts these in USER_HZ ticks, 100 a second on every common architecture
    return Number.isFinite(ticks) ? { cpuMs: ticks * 10, waitMs } : null;
  } catch {
    return null;
  }
}

/**
 * The server child: a fresh SQLite store in a temp folder with an editor and its API token,
 * the briefing service, the publishing server with the briefing routes on 127.0.0.1:0.
 * Reports `{type:"ready", port, token}` over IPC, answers `{type:"mem"}` after two full GCs,
 * and on `{type:"stop"}` closes everything, removes the folder and exits.
 */
async function serverChild(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "pressroom-bench-briefing-"));
  const store = await openSqliteStore({ file: join(work, "bench.db"), clock: systemClock });
  await store.migrate();
  await store.accounts.createUser({ name: "bench-editor", role: "editor", password: null });
  const { token } = await store.accounts.createToken("bench-editor", "bench");
  const service = createBriefingService({ store: store.briefings, clock: systemClock });
  const deps = { store, clock: systemClock, baseUrl: "http://127.0.0.1", settings: { apiRateLimit: false as const } };
  const app = await buildServer(deps);
  // 500 journalists join from one address: no join limit in the bench (the API-wide limit is off too).
  // (Once buildServer registers the briefing routes itself, it must take the service and this limit from its deps.)
  if (!app.hasRoute({ method: "GET", url: "/api/v1/briefings/:id/live" })) {
    await registerBriefingRoutes(app, createContext(deps), { service, joinRateLimit: false });
  }
  await app.listen({ port: 0, host: "127.0.0.1" });
  await service.start();
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on("message", (m: { type: string }) => {
    if (m.type === "mem") {
      gc?.(); gc?.();
      const u = process.memoryUsage();
      process.send!({ type: "mem", rss: u.rss, heapUsed: u.heapUsed, external: u.external, arrayBuffers: u.arrayBuffers } satisfies Mem);
    } else if (m.type === "stop") {
      void (async () => {
        await app.close();
        await service.close();
        await store.close();
        rmSync(work, { recursive: true, force: true });
        process.exit(0);
      })();
    }
  });
  process.send!({ type: "ready", port, token } satisfies Ready);
}

/** The server child seen from the bench: its port, the editor's API token, memory on request. */
class ServerProcess {
  private waiters: { resolve: (m: Mem) => void; reject: (e: Error) => void }[] = [];
  private exited: number | null = null;
  private constructor(readonly child: ChildProcess, readonly port: number, readonly token: string) {
    child.on("message", (m: Mem) => { this.waiters.shift()?.resolve(m); });
    child.on("exit", (code) => {
      this.exited = code ?? -1;
      for (const w of this.waiters.splice(0)) w.reject(new Error(`the server child exited (${code})`));
    });
  }

  static start(): Promise<ServerProcess> {
    const self = fileURLToPath(import.meta.url);
    // Run from source (tests through tsx), the child needs the TypeScript loader too.
    const execArgv = self.endsWith(".ts") ? ["--import", "tsx", "--expose-gc"] : ["--expose-gc"];
    // BENCH_PROFILE=DIR: a V8 CPU profile of the server (open it in Chrome DevTools or speedscope).
    if (process.env.BENCH_PROFILE) execArgv.push("--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`);
    const child = fork(self, ["--server"], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    return new Promise((resolve, reject) => {
      child.once("message", (m: Ready) => resolve(new ServerProcess(child, m.port, m.token)));
      child.once("exit", (code) => reject(new Error(`the server child exited (${code}) before it was ready`)));
    });
  }

  /** Memory after two full GCs in the child. @throws Error when the child has exited. */
  mem(): Promise<Mem> {
    if (this.exited !== null) return Promise.reject(new Error(`the server child exited (${this.exited})`));
    return new Promise((resolve, reject) => { this.waiters.push({ resolve, reject }); this.child.send({ type: "mem" }); });
  }

  /** Close the server and its store (the child removes its temp folder); kill it after 10 s. */
  stop(): Promise<void> {
    if (this.exited !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => { this.child.kill("SIGKILL"); resolve(); }, 10_000);
      this.child.once("exit", () => { clearTimeout(t); resolve(); });
      this.child.send({ type: "stop" });
    });
  }
}

// ---------------------------------------------------------------------------------------
// The protocol (docs/briefings.md, "HTTP and WebSocket API")

const STAFF = { moderator: "moderator", operator: "operator", stenographer: "stenographer" } as const;
const OFFICIAL = "official-1";

/** Set-up of a bench briefing: on background, no embargo (so listeners follow the turns live). */
function benchSetup(n: number): Record<string, unknown> {
  return {
    title: `Bench Briefing ${n + 1} on Harbour Lights`,
    section: "Bench Desk",
    scheduledStart: Date.now(),
    groundRules: { basis: "on_background", attribute_to: "Senior Bench Official", embargo: null },
    officials: [{ id: OFFICIAL, realName: "Quillon Vantreece", label: "SENIOR BENCH OFFICIAL" }],
    moderatorId: STAFF.moderator,
    operatorId: STAFF.operator,
    stenographerId: STAFF.stenographer,
    graceMs: 120_000,
    dateline: "Via Teleconference",
  };
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Create a briefing as the bench editor; returns its id and access code. */
async function createBriefing(base: string, token: string, n: number): Promise<{ id: string; accessCode: string }> {
  const r = await postJson(`${base}/api/v1/briefings`, benchSetup(n), { authorization: `Bearer ${token}` });
  const rec = (r.briefing ?? r.record ?? r) as Record<string, unknown>;
  const id = rec.id ?? r.id;
  const accessCode = r.accessCode ?? rec.accessCode;
  if (typeof id !== "string" || typeof accessCode !== "string") throw new Error(`create briefing: no id/accessCode in ${JSON.stringify(r).slice(0, 300)}`);
  return { id, accessCode };
}

/** Join a journalist with the access code; returns participant id and token. */
async function joinJournalist(base: string, id: string, accessCode: string, k: number): Promise<{ participantId: string; token: string }> {
  const r = await postJson(`${base}/api/v1/briefings/${id}/participants`, { accessCode, name: `Bench Reporter ${k + 1}`, outlet: `Bench Outlet ${(k % 37) + 1}` });
  if (typeof r.participantId !== "string" || typeof r.token !== "string") throw new Error(`join: no participantId/token in ${JSON.stringify(r).slice(0, 300)}`);
  return { participantId: r.participantId, token: r.token };
}

function liveUrl(port: number, id: string, who: { role: ClientRole; token?: string }): { url: string; headers: Record<string, string> } {
  const base = `ws://127.0.0.1:${port}/api/v1/briefings/${id}/live`;
  switch (who.role) {
    case "moderator": case "operator": case "stenographer":
      return { url: `${base}?as=${who.role}`, headers: { authorization: `Bearer ${who.token}` } };
    case "journalist":
      return { url: `${base}?as=journalist`, headers: { "x-participant-token": who.token! } };
    case "listener":
      return { url: base, headers: {} };
  }
}

/**
 * Who must receive a command's events (src/briefing/filter.ts): staff every event; everyone
 * the call's events (lines opened, turns, phases; listeners once the embargo has lifted, and
 * the bench sets none); a journalist their own events and a move of their place in the queue
 * (learnt from the moderator's status, see {@link watchPlaces}). Others may be shown the
 * command with a later message: counted, not timed.
 */
const CALL_TYPES = new Set(["call_opened", "last_question", "call_closed", "line_opened", "turn_added", "turn_edited", "turn_retracted", "stage_direction"]);
function shouldSeeWith(moved: Map<number, Set<string>>[]): ShouldSee {
  return (client, types, sender, seqs) => {
    if (client.role === "moderator" || client.role === "operator" || client.role === "stenographer") return true;
    if (client.role === "journalist" && client === sender) return true;
    if (types.some((t) => CALL_TYPES.has(t))) return true;
    return client.role === "journalist" && seqs.some((q) => moved[client.briefing]!.get(q)?.has(client.id) === true);
  };
}

/** Events after which a waiting hand can move up. */
const MOVING_TYPES = new Set(["hand_withdrawn", "line_opened", "place_lost", "queue_changed", "participant_removed"]);

/**
 * Follow the queue in the moderator's statuses: after each message, the journalists whose
 * position changed are recorded under the seqs of the message's events that move hands.
 */
function watchPlaces(moderator: LoadClient, moved: Map<number, Set<string>>): void {
  let before = new Map<string, number>();
  const prev = moderator.onEvents;
  moderator.onEvents = (events) => {
    prev?.(events);
    const queue = moderator.lastView?.queue;
    if (!Array.isArray(queue)) return;
    const now = new Map((queue as { participant: string; position: number }[]).map((e) => [e.participant, e.position]));
    const changed = new Set<string>();
    for (const [p, pos] of now) if (before.has(p) && before.get(p) !== pos) changed.add(p);
    before = now;
    if (changed.size === 0) return;
    for (const e of events) if (MOVING_TYPES.has(e.type)) moved.set(e.seq, changed);
  };
}

// ---------------------------------------------------------------------------------------
// One scenario

/** What a scenario reports (the JSON written). */
export interface ScenarioResult {
  name: string;
  briefings: number;
  journalistsPerBriefing: number;
  listenersPerBriefing: number;
  connections: number;
  seconds: number;
  setup: { joinSeconds: number; connectSeconds: number };
  /** Time after the load stopped until every command was answered and the clients fell quiet (incl. 0.5 s of quiet), s; `drained` false when 60 s were not enough. */
  drain: { seconds: number; drained: boolean };
  load: { actionMsPerJournalist: number; lineMs: number; turnMs: number; commandsSent: number; commandsPerSec: number };
  latency: Analysis;
  /** Error messages, bad JSON or unknown message types from the server (count, first few). */
  protocolProblems: { count: number; examples: string[] };
  delivered: { messages: number; messagesPerSec: number; events: number; eventsPerSec: number; mbPerSec: number };
  memory: { before: Mem; after: Mem; rssPerConnectionKiB: number; heapPerConnectionKiB: number; rssMiB: number };
  /**
   * Server CPU over the load window (% of one core), the share of the window its main thread
   * spent waiting for a CPU, and its CPU time per accepted command (from the start of the load
   * until every delivery arrived: the cost of a command with its fan-out). Null off Linux.
   */
  serverCpu: { percentOfOneCore: number | null; waitingForCpuPercent: number | null; msPerAcceptedCommand: number | null };
  /** The same for this (client) process: near 100% busy means the clients, not the server, limit the figures. */
  clientCpu: { percentOfOneCore: number | null; waitingForCpuPercent: number | null };
  /** os.loadavg() at the end of the run (1, 5, 15 min): other work on the machine skews latency. */
  loadAverage: number[];
  targetP99Ms: number;
  met: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Run one scenario against a fresh server child; prints its figures as it goes.
 * @throws Error when the server cannot be started, a briefing created, a journalist joined or a client connected.
 */
export async function runScenario(o: ScenarioOptions): Promise<ScenarioResult> {
  console.log(`\n== ${o.name}: ${o.briefings} briefing(s) x (${o.journalists} journalists + ${o.listeners} listeners + 3 staff), ${o.seconds} s (+${o.warmupSeconds} s warm-up)`);
  const server = await ServerProcess.start();
  const base = `http://127.0.0.1:${server.port}`;
  const tracker = new Tracker(o.briefings);
  const clients: LoadClient[] = [];
  const rand = prng(o.seed);
  try {
    // 1. Briefings and journalists (HTTP).
    const t0 = performance.now();
    const briefings: { id: string; accessCode: string }[] = [];
    for (let b = 0; b < o.briefings; b++) briefings.push(await createBriefing(base, server.token, b));
    const joins = await pool(Array.from({ length: o.briefings * o.journalists }, (_, i) => i), 16, async (i) => {
      const b = Math.floor(i / o.journalists);
      return { b, ...(await joinJournalist(base, briefings[b]!.id, briefings[b]!.accessCode, i)) };
    });
    const joinSeconds = (performance.now() - t0) / 1000;
    await sleep(300);
    const before = await server.mem();

    // 2. WebSocket connections: staff, journalists, listeners.
    const t1 = performance.now();
    const staff: Record<string, LoadClient>[] = [];
    for (let b = 0; b < o.briefings; b++) {
      const s: Record<string, LoadClient> = {};
      for (const role of ["moderator", "operator", "stenographer"] as const) {
        const c = new LoadClient(tracker, b, role, STAFF[role]);
        const u = liveUrl(server.port, briefings[b]!.id, { role, token: server.token });
        await c.connect(u);
        s[role] = c;
        clients.push(c);
      }
      staff.push(s);
    }
    const journalists = joins.map((j) => new LoadClient(tracker, j.b, "journalist", j.participantId));
    await pool(journalists, 32, (c, i) => c.connect(liveUrl(server.port, briefings[c.briefing]!.id, { role: "journalist", token: joins[i]!.token })));
    clients.push(...journalists);
    const listeners: LoadClient[] = [];
    for (let b = 0; b < o.briefings; b++) for (let k = 0; k < o.listeners; k++) listeners.push(new LoadClient(tracker, b, "listener", `listener-${b}-${k}`));
    await pool(listeners, 32, (c) => c.connect(liveUrl(server.port, briefings[c.briefing]!.id, { role: "listener" })));
    clients.push(...listeners);
    const connectSeconds = (performance.now() - t1) / 1000;
    await sleep(500);
    const after = await server.mem();
    console.log(`   joined ${joins.length} journalists in ${joinSeconds.toFixed(1)} s; ${clients.length} WebSocket connections in ${connectSeconds.toFixed(1)} s`);

    const moved = staff.map((s) => { const m = new Map<number, Set<string>>(); watchPlaces(s.moderator!, m); return m; });

    // 3. Open the calls.
    await Promise.all(staff.map((s) => sendAndWait(s.moderator!, { type: "open" })));

    // 4. The load.
    let running = true;
    const timers: NodeJS.Timeout[] = [];
    const exp = (mean: number): number => -Math.log(1 - rand()) * mean;
    for (const j of journalists) {
      let up = false;
      let floor = false;
      j.onEvents = (events) => {
        for (const e of events) {
          if (e.type === "hand_raised" && e.participant === j.id) up = true;
          else if (e.type === "hand_withdrawn" && e.participant === j.id) up = false;
          else if (e.type === "line_opened") { floor = e.participant === j.id; if (floor) up = false; }
        }
        const v = j.lastView;
        if (v && "myPosition" in v) up = v.myPosition !== null;
      };
      const act = (): void => {
        if (!running) return;
        if (j.pending === 0 && !j.closed && !(floor && !up)) j.send({ type: up ? "withdraw_hand" : "raise_hand" });
        timers.push(setTimeout(act, exp(o.actionMs)));
      };
      timers.push(setTimeout(act, rand() * o.actionMs));
    }
    staff.forEach((s, b) => {
      let turn = 0;
      if (o.lineMs > 0) {
        timers.push(setInterval(() => { if (running && s.operator!.pending === 0) s.operator!.send({ type: "open_line" }); }, o.lineMs));
      }
      if (o.turnMs > 0) {
        timers.push(setInterval(() => {
          if (!running || s.stenographer!.pending > 0) return;
          const cur = (s.stenographer!.lastView?.current as { participant?: string } | null | undefined)?.participant;
          const speaker = turn % 2 === 1 && cur ? cur : OFFICIAL;
          s.stenographer!.send({ type: "add_turn", speaker, text: `Bench turn ${turn++} of briefing ${b + 1}: the harbour lights stay on through the winter season.` });
        }, o.turnMs));
      }
    });
    const cpu0 = procCpu(server.child.pid!);
    const ccpu0 = procCpu(process.pid);
    const tStart = performance.now();
    const tMeasure = tStart + o.warmupSeconds * 1000;
    const msgs0 = { n: 0, bytes: 0, events: 0 };
    await sleep(o.warmupSeconds * 1000);
    for (const c of clients) { msgs0.n += c.messages; msgs0.bytes += c.bytes; msgs0.events += c.events; }
    await sleep(o.seconds * 1000);
    running = false;
    for (const t of timers) clearTimeout(t);
    const tEnd = performance.now();
    const cpu1 = procCpu(server.child.pid!);
    const ccpu1 = procCpu(process.pid);
    const msgs1 = { n: 0, bytes: 0, events: 0 };
    for (const c of clients) { msgs1.n += c.messages; msgs1.bytes += c.bytes; msgs1.events += c.events; }

    // 5. Let the last deliveries arrive: until no command is unanswered, the staff of each
    //    briefing are at its last seq and no client got anything for 500 ms; 60 s at most.
    const tDrain = performance.now();
    let drained = false;
    let lastCount = -1;
    let quietSince = performance.now();
    while (performance.now() < tDrain + 60_000) {
      const count = clients.reduce((a, c) => a + c.messages, 0);
      if (count !== lastCount) { lastCount = count; quietSince = performance.now(); }
      const pending = clients.reduce((a, c) => a + c.pending, 0);
      const settled = staff.every((s) => s.operator!.lastSeq === s.moderator!.lastSeq && s.stenographer!.lastSeq === s.moderator!.lastSeq);
      if (pending === 0 && settled && performance.now() - quietSince >= 500) { drained = true; break; }
      await sleep(50);
    }
    const drainSeconds = (performance.now() - tDrain) / 1000 - (drained ? 0.5 : 0);
    const cpu2 = procCpu(server.child.pid!);

    const windowS = (tEnd - tMeasure) / 1000;
    const latency = analyse(tracker, clients, shouldSeeWith(moved), tMeasure);
    const sent = [...tracker.sent.values()].filter((s) => s.t >= tMeasure).length;
    const accepted = [...tracker.sent].filter(([id, x]) => x.t >= tStart && tracker.results.get(id)?.ok === true).length;
    const pct = (a: number | null | undefined, b: number | null | undefined): number | null => (a === null || a === undefined || b === null || b === undefined ? null : round(((b - a) / (tEnd - tStart)) * 100, 0));
    const conns = clients.length;
    const result: ScenarioResult = {
      name: o.name,
      briefings: o.briefings,
      journalistsPerBriefing: o.journalists,
      listenersPerBriefing: o.listeners,
      connections: conns,
      seconds: round(windowS, 2),
      setup: { joinSeconds: round(joinSeconds, 2), connectSeconds: round(connectSeconds, 2) },
      drain: { seconds: round(drainSeconds, 2), drained },
      load: { actionMsPerJournalist: o.actionMs, lineMs: o.lineMs, turnMs: o.turnMs, commandsSent: sent, commandsPerSec: round(sent / windowS, 1) },
      latency,
      protocolProblems: { count: tracker.problemCount, examples: tracker.problems.slice(0, 5) },
      delivered: {
        messages: msgs1.n - msgs0.n, messagesPerSec: round((msgs1.n - msgs0.n) / windowS, 0),
        events: msgs1.events - msgs0.events, eventsPerSec: round((msgs1.events - msgs0.events) / windowS, 0),
        mbPerSec: round((msgs1.bytes - msgs0.bytes) / 1e6 / windowS, 2),
      },
      memory: {
        before, after,
        rssPerConnectionKiB: round((after.rss - before.rss) / 1024 / conns, 1),
        heapPerConnectionKiB: round((after.heapUsed - before.heapUsed) / 1024 / conns, 1),
        rssMiB: round(after.rss / 2 ** 20, 1),
      },
      serverCpu: {
        percentOfOneCore: pct(cpu0?.cpuMs, cpu1?.cpuMs),
        waitingForCpuPercent: pct(cpu0?.waitMs, cpu1?.waitMs),
        msPerAcceptedCommand: cpu0 && cpu2 && accepted > 0 ? round((cpu2.cpuMs - cpu0.cpuMs) / accepted, 2) : null,
      },
      clientCpu: { percentOfOneCore: pct(ccpu0?.cpuMs, ccpu1?.cpuMs), waitingForCpuPercent: pct(ccpu0?.waitMs, ccpu1?.waitMs) },
      loadAverage: loadavg().map((x) => round(x, 2)),
      targetP99Ms: TARGET_P99_MS,
      met: latency.actionToAll.samples > 0 && latency.actionToAll.p99Ms <= TARGET_P99_MS && latency.missing === 0,
    };
    print(result, tracker);

    // 6. Close the calls (the moderator), then the connections.
    await Promise.all(staff.map((s) => sendAndWait(s.moderator!, { type: "close" }).catch(() => undefined)));
    return result;
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await server.stop();
  }
}

/** Send a command and wait for its result (10 s at most); throws on a refusal. */
function sendAndWait(c: LoadClient, body: { type: string; [k: string]: unknown }): Promise<void> {
  return new Promise((resolve, reject) => {
    const id = c.send(body);
    const prev = c.onResult;
    const timer = setTimeout(() => { c.onResult = prev; reject(new Error(`${body.type}: no result within 10 s`)); }, 10_000);
    c.onResult = (rid, ok, code) => {
      prev?.(rid, ok, code);
      if (rid !== id) return;
      clearTimeout(timer);
      c.onResult = prev;
      if (ok) resolve(); else reject(new Error(`${body.type} refused: ${code}`));
    };
  });
}

function print(r: ScenarioResult, tracker: Tracker): void {
  const l = r.latency;
  const f = (s: { p50Ms: number; p99Ms: number; maxMs: number }): string => `p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms, max ${s.maxMs} ms`;
  console.log(`   load: ${r.load.commandsSent} commands in ${r.seconds} s (${r.load.commandsPerSec}/s); accepted and measured ${l.commands} ${JSON.stringify(l.byType)}; refused ${JSON.stringify(l.refused)}; unanswered ${l.unanswered}`);
  console.log(`   action -> every client: ${f(l.actionToAll)} (${l.actionToAll.samples} actions)`);
  console.log(`   action -> each client:  ${f(l.actionToEach)} (${l.deliveries} deliveries, ${l.required} of them required by the filter)`);
  console.log(`   action -> own result:   ${f(l.actionToResult)}`);
  console.log(`   delivered: ${r.delivered.messagesPerSec} messages/s, ${r.delivered.eventsPerSec} events/s, ${r.delivered.mbPerSec} MB/s; CPU: server ${r.serverCpu.percentOfOneCore ?? "?"}% (${r.serverCpu.msPerAcceptedCommand ?? "?"} ms per command), clients ${r.clientCpu.percentOfOneCore ?? "?"}% of one core`);
  console.log(`   machine: load average ${r.loadAverage.join(" ")}; waiting for a CPU: server ${r.serverCpu.waitingForCpuPercent ?? "?"}%, clients ${r.clientCpu.waitingForCpuPercent ?? "?"}% of the time`);
  console.log(`   memory: server RSS ${r.memory.rssMiB} MiB; per connection ${r.memory.rssPerConnectionKiB} KiB RSS, ${r.memory.heapPerConnectionKiB} KiB heap`);
  if (r.drain.seconds > 0.5 || !r.drain.drained) console.log(`   backlog: ${r.drain.drained ? `the last deliveries arrived ${r.drain.seconds} s after the load stopped` : `NOT drained ${r.drain.seconds} s after the load stopped`}`);
  if (l.missing > 0) console.log(`   MISSING deliveries: ${l.missing}, e.g. ${l.missingExamples.slice(0, 3).join("; ")}`);
  if (tracker.problemCount > 0) console.log(`   protocol problems: ${tracker.problemCount}, e.g. ${tracker.problems.slice(0, 3).join("; ")}`);
  console.log(`   target p99 <= ${r.targetP99Ms} ms (action -> every client): ${r.met ? "met" : "NOT MET"}`);
}

// ---------------------------------------------------------------------------------------

/** The JSON written to bench-results/briefing-latest.json. */
export interface BriefingBenchResult {
  date: string;
  machine: { cpus: number; cpu: string; memoryGiB: number; node: string };
  note: string;
  targetP99Ms: number;
  scenarios: ScenarioResult[];
  /** Every scenario met the target and lost no delivery. */
  met: boolean;
}

/** Run the scenarios in order and collect their results (writes nothing). */
export async function runBriefingBench(scenarios: ScenarioOptions[]): Promise<BriefingBenchResult> {
  const scenarioResults: ScenarioResult[] = [];
  for (const s of scenarios) scenarioResults.push(await runScenario(s));
  return {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? "unknown", memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version },
    note: "clients run in the bench process, the server in a child process on loopback; times are the bench process's performance.now()",
    targetP99Ms: TARGET_P99_MS,
    scenarios: scenarioResults,
    met: scenarioResults.every((r) => r.met),
  };
}

async function main(): Promise<void> {
  const results = await runBriefingBench(scenariosFromEnv());
  const all = results.scenarios;
  const out = process.env.BENCH_OUT ?? join("bench-results", "briefing-latest.json");
  mkdirSync(dirname(out), { recursive: true });
  const json = JSON.stringify(results, null, 2) + "\n";
  writeFileSync(out, json);
  if (!process.env.BENCH_OUT) writeFileSync(join("bench-results", `briefing-${results.date.slice(0, 19).replace(/:/g, "")}.json`), json);
  console.log(`\ntarget p99 <= ${TARGET_P99_MS} ms: ${results.met ? "met" : "NOT MET"} (${all.map((r) => `${r.name} p99 ${r.latency.actionToAll.p99Ms} ms`).join(", ")})`);
  console.log(`written: ${out}`);
}

if (process.argv[2] === "--server") await serverChild();
else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await main();
  } catch (e) {
    console.error(`bench:briefing: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
