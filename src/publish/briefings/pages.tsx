/**
 * Pages of live briefings (issue 7): the list, the moderator's set-up form, the three staff
 * consoles (moderator, operator, stenographer), the journalist's join form and view, and the
 * listener's live transcript. Server-rendered with preact (text is escaped); every control
 * is a form that works without JavaScript. With JavaScript, `client/live.js` keeps the
 * regions marked `data-live` current (it re-reads them from the server when the briefing's
 * WebSocket reports events) and sends the forms with `fetch`.
 *
 * Nothing here reads the state machine's full state: consoles and views are drawn from
 * `viewFor` (`CallView`), so a page shows exactly what the role may see (no official's real
 * name on background except to the moderator; nothing for a listener under embargo).
 */
import { Problem as ProblemBox, type FormProblem } from "../auth/pages.js";
import { BASES, type Basis } from "../../core/transcript-types.js";
import type { CallView, QueueRow, SpeakerRow } from "../../briefing/view.js";
import type { CallPhase } from "../../briefing/types.js";
import type { BriefingRecord } from "../../store/briefings.js";
import type { PublishContext } from "../context.js";
import { basisLabel, displayInstant, groundRulesSentence } from "../format.js";
import { FORM_ZONES } from "../editorial/pages.js";

/** The three staff consoles. */
export type ConsoleRole = "moderator" | "operator" | "stenographer";

/** Every staff console, in the order the navigation shows them. */
export const CONSOLE_ROLES: readonly ConsoleRole[] = ["moderator", "operator", "stenographer"];

/** Site path of the client script (served by `page-routes.tsx`). */
export const CLIENT_SCRIPT_PATH = "/briefings/assets/live.js";

/** How many official rows the set-up form offers (empty rows are ignored). */
export const OFFICIAL_ROWS = 4;

/** A problem shown above a form: message and stable code (the account pages' {@link FormProblem}). */
export type Problem = FormProblem;

/** Paths of one briefing's pages. */
export function briefingPaths(id: string) {
  const base = `/briefings/${encodeURIComponent(id)}`;
  return {
    listen: base,
    join: `${base}/join`,
    journalist: `${base}/journalist`,
    console: (role: ConsoleRole) => `${base}/${role}`,
    command: (role: ConsoleRole | "journalist") => `${base}/${role}/command`,
  };
}

/** Styles of the briefing pages (the site sheet has none for them); inline, as the CSP allows. */
export const BRIEFING_CSS = [
  ".sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
  ".phase{display:inline-block;font-weight:700;border-radius:3px;padding:0 .4rem;background:#374151;color:#fff}",
  ".phase-open,.phase-last_question{background:#b91c1c}",
  ".console-nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.3rem 1rem;padding:0;margin:0 0 1rem}",
  ".controls{display:flex;flex-wrap:wrap;gap:.5rem;margin:.6rem 0}",
  ".controls form{margin:0}",
  "form.inline{display:inline;margin:0}",
  ".queue-list{list-style:none;padding:0;margin:0}",
  ".queue-list>li{border:1px solid #d1d5db;border-radius:4px;padding:.5rem .7rem;margin:0 0 .5rem}",
  ".queue-list .who{font-weight:700}",
  ".queue-list .actions{display:flex;flex-wrap:wrap;gap:.3rem;margin-top:.4rem}",
  ".queue-list .actions button{padding:.3rem .6rem;font-size:.95rem}",
  "button.secondary{background:#fff;color:#1d4ed8}",
  "button.danger{background:#b91c1c;border-color:#b91c1c}",
  ".hand{display:block;width:100%;min-height:6rem;font-size:1.6rem;font-weight:700;border-radius:12px;margin:1rem 0}",
  ".hand.down{background:#fff;color:#1d4ed8;border-width:3px}",
  ".position{font-size:1.35rem;font-weight:700;margin:.5rem 0}",
  ".code{font:700 2rem/1.2 ui-monospace,monospace;letter-spacing:.15em}",
  "ol.turns{list-style:none;padding:0;margin:0}",
  ".stack{display:grid;gap:.6rem;margin:1rem 0}",
  ".stack label{display:flex;flex-direction:column;font-weight:600;gap:.2rem}",
  ".stack textarea{font:inherit;padding:.4rem .5rem;width:100%}",
  ".stack select,.stack input:not([type=radio]):not([type=checkbox]){width:100%;max-width:100%;min-width:0}",
  ".stack fieldset.scope{display:grid;gap:.3rem}.stack fieldset.scope label{align-items:center}",
  ".stack input,.stack select,.stack textarea{font-weight:400}",
  "main{overflow-wrap:anywhere}",
  "fieldset.official{border:1px solid #d1d5db;border-radius:4px;margin:0 0 .6rem}",
  "@media (prefers-color-scheme:dark){button.secondary,.hand.down{background:#1f2937;color:#93c5fd}.queue-list>li{border-color:#374151}}",
].join("");

const PHASE_TEXT: Record<CallPhase, string> = {
  scheduled: "Not started",
  open: "Live",
  last_question: "Live: last question",
  closed: "Closed",
};

/** Human label of a call phase. */
export function phaseText(phase: CallPhase): string {
  return PHASE_TEXT[phase];
}

function Time(p: { ms: number }) {
  const t = displayInstant(p.ms);
  return <time datetime={t.datetime}>{t.text}</time>;
}

function Csrf(p: { token: string }) {
  return p.token ? <input type="hidden" name="_csrf" value={p.token} /> : null;
}

/** `m:ss` (or `h:mm:ss`) of a duration in ms. */
export function waitingText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** "You are number N in the queue" (or what to do when the hand is down). */
export function positionText(view: CallView): string {
  if (view.phase === "closed") return "The call has ended.";
  if (view.myPosition !== null) return `You are number ${view.myPosition} in the queue (${view.queueLength} ${view.queueLength === 1 ? "hand" : "hands"} raised).`;
  if (view.phase === "scheduled") return "The call has not started yet. You can raise your hand once it opens.";
  if (view.phase === "last_question") return "Your hand is down. The moderator has announced the last question: no new hands.";
  return `Your hand is down. ${view.queueLength} ${view.queueLength === 1 ? "hand is" : "hands are"} raised.`;
}

/** The page-level script tag and data the client needs: where the live updates come from. */
function LiveScript(p: { ws: string; seq: number; now: number }) {
  return (
    <>
      <div id="live-config" hidden data-ws={p.ws} data-seq={String(p.seq)} data-now={String(p.now)} />
      <p id="live-state" class="meta" role="status" aria-live="polite" data-offline-text="Live updates paused; reload the page to see the latest." />
      <script type="module" src={CLIENT_SCRIPT_PATH} />
    </>
  );
}

/** Title, phase and ground rules of a briefing, as every page of it starts. */
function Heading(p: { title: string; view: CallView; sub?: string }) {
  const rules = groundRulesSentence(p.view.groundRules);
  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: BRIEFING_CSS }} />
      <h1>
        {p.sub ? <><span class="meta">{p.sub}: </span></> : null}
        {p.title}
      </h1>
      {rules ? <div class="ground-rules"><p>{rules}</p></div> : null}
    </>
  );
}

/** Phase, who has the floor and how many hands are up: announced politely when it changes. */
function CallStatus(p: { view: CallView }) {
  const v = p.view;
  return (
    <div id="call-status" data-live aria-live="polite">
      <p>
        <span class={`phase phase-${v.phase}`}>{phaseText(v.phase)}</span>{" "}
        {v.current ? <>On the line: <strong>{v.current.name}</strong>{v.current.outlet ? `, ${v.current.outlet}` : ""}.</> : v.phase === "closed" ? null : "No line is open."}{" "}
        {v.phase === "closed" ? null : <>{v.queueLength} {v.queueLength === 1 ? "hand" : "hands"} raised.</>}
      </p>
    </div>
  );
}

function speakerClass(role: SpeakerRow["role"]): string {
  return `role-${role}`;
}

/** "the end of the call", or the embargo time for display (the view gives ISO 8601 UTC). */
export function embargoText(embargo: string | null | undefined): string {
  if (!embargo || embargo === "end of the call") return "the end of the call";
  const ms = Date.parse(embargo);
  return Number.isFinite(ms) ? displayInstant(ms).text : embargo;
}

/** The live transcript: a log (announced as turns arrive); each turn keyed by its index. */
export function TranscriptPane(p: { view: CallView; emptyText?: string }) {
  const v = p.view;
  const roleOf = new Map(v.speakers.map((s) => [s.id, s]));
  return (
    <section aria-labelledby="transcript-title">
      <h2 id="transcript-title">Transcript</h2>
      <div id="transcript-note" data-live>
        {v.turns === null ? (
          <p class="notice">This briefing is under embargo until {embargoText(v.groundRules.embargo)}. Nothing of it can be seen here before then.</p>
        ) : v.turns.length === 0 ? (
          <p class="meta">{p.emptyText ?? "Nothing has been said yet."}</p>
        ) : null}
      </div>
      <div role="log" aria-live="polite" aria-label="Live transcript">
      <ol id="turns" class="turns transcript" data-live data-keyed>
        {(v.turns ?? []).map((t) => {
          const s = roleOf.get(t.speaker);
          const who = s && s.role === "questioner" ? [s.name, s.outlet].filter(Boolean).join(", ") : s && s.role === "official" && s.name ? s.name : null;
          return (
            <li id={`turn-${t.index}`} class={`turn ${s ? speakerClass(s.role) : "role-other"}`}>
              <p class="speaker">{t.label ?? "SPEAKER"}{who ? <span class="who"> ({who})</span> : null}</p>
              <p>{t.text}</p>
            </li>
          );
        })}
      </ol>
      </div>
    </section>
  );
}

// ---------------------------------------------------------------- list

/** `/briefings`: live, upcoming and closed briefings. */
export function BriefingList(p: { ctx: PublishContext; records: BriefingRecord[]; staff: boolean; notice?: string | null }) {
  const live = p.records.filter((r) => r.phase === "open" || r.phase === "last_question");
  const upcoming = p.records.filter((r) => r.phase === "scheduled").sort((a, b) => a.scheduledStart - b.scheduledStart);
  const closed = p.records.filter((r) => r.phase === "closed");
  const row = (r: BriefingRecord) => {
    const paths = briefingPaths(r.id);
    return (
      <li>
        <a class="item-title" href={paths.listen}>{r.title}</a>
        <p class="meta">
          {r.section ? <>{r.section} · </> : null}
          {r.phase === "scheduled" ? <>Scheduled for <Time ms={r.scheduledStart} /></> : <span class={`phase phase-${r.phase}`}>{phaseText(r.phase)}</span>}
        </p>
        <p class="meta">
          {r.phase === "closed" ? (
            r.itemId ? <>Transcript: <a href={p.ctx.itemPath(r.itemId)}>read it on the wire</a></> : <>The transcript is not published yet.</>
          ) : (
            <>
              <a href={paths.join}>Join as a journalist</a> · <a href={paths.listen}>Listen</a>
            </>
          )}
          {p.staff && r.phase !== "closed" ? (
            <>
              {" · "}Consoles: <a href={paths.console("moderator")}>moderator</a>, <a href={paths.console("operator")}>operator</a>, <a href={paths.console("stenographer")}>stenographer</a>
            </>
          ) : null}
        </p>
      </li>
    );
  };
  const block = (id: string, title: string, list: BriefingRecord[], none: string) => (
    <section aria-labelledby={id}>
      <h2 id={id}>{title} ({list.length})</h2>
      {list.length === 0 ? <p>{none}</p> : <ul class="items">{list.map(row)}</ul>}
    </section>
  );
  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: BRIEFING_CSS }} />
      <h1>Briefings</h1>
      {p.notice ? <p class="notice" role="status">{p.notice}</p> : null}
      {p.staff ? <p><a href="/briefings/new">New briefing</a></p> : null}
      {block("live-title", "Live now", live, "No briefing is live.")}
      {block("upcoming-title", "Upcoming", upcoming, "No briefing is scheduled.")}
      {block("closed-title", "Closed", closed, "No briefing has ended yet.")}
    </>
  );
}

// ---------------------------------------------------------------- set-up form

/** One official row of the set-up form, as typed. */
export interface OfficialFormRow {
  realName: string;
  label: string;
  attribution: string;
}

/** Values of the set-up form as typed (strings), so a refused form comes back filled in. */
export interface BriefingFormValues {
  title: string;
  section: string;
  dateline: string;
  start_local: string;
  zone: string;
  basis: string;
  attribute_to: string;
  embargo: "end_of_call" | "until" | "none";
  embargo_local: string;
  grace_seconds: string;
  /** Who may follow the live transcript: `public` or `readers` (signed-in readers and up). */
  listeners: string;
  officials: OfficialFormRow[];
}

/** An empty set-up form: on background, embargoed to the end of the call, two minutes' grace. */
export function emptyBriefingForm(): BriefingFormValues {
  return {
    title: "", section: "", dateline: "", start_local: "", zone: "UTC", basis: "on_background", attribute_to: "",
    embargo: "end_of_call", embargo_local: "", grace_seconds: "120", listeners: "public",
    officials: Array.from({ length: OFFICIAL_ROWS }, () => ({ realName: "", label: "", attribution: "" })),
  };
}

/** `/briefings/new`: the moderator's set-up form. */
export function NewBriefingForm(p: { values: BriefingFormValues; csrf: string; problem: Problem | null }) {
  const v = p.values;
  const rows = [...v.officials];
  while (rows.length < OFFICIAL_ROWS) rows.push({ realName: "", label: "", attribution: "" });
  const radio = (value: BriefingFormValues["embargo"], label: string) => (
    <label style="flex-direction:row;font-weight:400;gap:.4rem"><input type="radio" name="embargo" value={value} checked={v.embargo === value} /> {label}</label>
  );
  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: BRIEFING_CSS }} />
      <h1>New briefing</h1>
      <ProblemBox problem={p.problem} />
      <form method="post" action="/briefings/new" class="stack">
        <Csrf token={p.csrf} />
        <label for="b-title">Title <input id="b-title" name="title" value={v.title} required maxLength={500} /></label>
        <label for="b-section">Section (issuing office or desk) <input id="b-section" name="section" value={v.section} maxLength={200} /></label>
        <label for="b-dateline">Dateline (optional) <input id="b-dateline" name="dateline" value={v.dateline} maxLength={200} /></label>
        <fieldset>
          <legend>Scheduled start</legend>
          <div class="stack">
            <label for="b-start">Date and time <input id="b-start" type="datetime-local" name="start_local" value={v.start_local} required /></label>
            <label for="b-zone">Time zone
              <select id="b-zone" name="zone">
                {FORM_ZONES.map((z) => <option value={z.zone} selected={v.zone === z.zone}>{z.label}</option>)}
              </select>
            </label>
            <label for="b-zone-other">or another time zone (IANA name, e.g. Africa/Nairobi) <input id="b-zone-other" name="zone_other" value={FORM_ZONES.some((z) => z.zone === v.zone) ? "" : v.zone} maxLength={64} autocomplete="off" /></label>
          </div>
        </fieldset>
        <fieldset>
          <legend>Ground rules</legend>
          <div class="stack">
            <label for="b-basis">Basis
              <select id="b-basis" name="basis">
                {BASES.map((b) => <option value={b} selected={v.basis === b}>{basisLabel(b as Basis)}</option>)}
                <option value="" selected={v.basis === ""}>Not stated</option>
              </select>
            </label>
            <label for="b-attr">Attribute to (e.g. Senior State Department Official) <input id="b-attr" name="attribute_to" value={v.attribute_to} maxLength={200} /></label>
            <fieldset class="scope">
              <legend>Embargo</legend>
              {radio("end_of_call", "until the end of the call")}
              {radio("until", "until a time (in the time zone above)")}
              {radio("none", "none")}
            </fieldset>
            <label for="b-embargo-local">Embargo until (date and time) <input id="b-embargo-local" type="datetime-local" name="embargo_local" value={v.embargo_local} /></label>
            <label for="b-listeners">Who may follow the live transcript
              <select id="b-listeners" name="listeners">
                <option value="public" selected={v.listeners !== "readers"}>Anyone (the public)</option>
                <option value="readers" selected={v.listeners === "readers"}>Signed-in readers only</option>
              </select>
            </label>
          </div>
        </fieldset>
        <fieldset>
          <legend>Officials (briefers)</legend>
          <p class="meta">On background, only the label is ever shown; the real name stays with the moderator, and a real name typed into the transcript is replaced by the attribution. Leave unused rows empty.</p>
          {rows.map((o, i) => (
            <fieldset class="official">
              <legend>Official {i + 1}</legend>
              <div class="stack">
                <label for={`o-name-${i + 1}`}>Real name <input id={`o-name-${i + 1}`} name={`official_name_${i + 1}`} value={o.realName} maxLength={200} autocomplete="off" /></label>
                <label for={`o-label-${i + 1}`}>Label (e.g. SENIOR STATE DEPARTMENT OFFICIAL ONE) <input id={`o-label-${i + 1}`} name={`official_label_${i + 1}`} value={o.label} maxLength={200} /></label>
                <label for={`o-attr-${i + 1}`}>Attribution in running text (optional) <input id={`o-attr-${i + 1}`} name={`official_attr_${i + 1}`} value={o.attribution} maxLength={200} /></label>
              </div>
            </fieldset>
          ))}
        </fieldset>
        <label for="b-grace">Grace period for a dropped line, in seconds (0 to 86400) <input id="b-grace" name="grace_seconds" inputMode="numeric" value={v.grace_seconds} maxLength={6} /></label>
        <p><button type="submit">Create briefing</button></p>
      </form>
    </>
  );
}

/** After creation: the access code, shown this once, and the links to the consoles. */
export function CreatedPage(p: { record: BriefingRecord; accessCode: string }) {
  const paths = briefingPaths(p.record.id);
  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: BRIEFING_CSS }} />
      <h1>Briefing created: {p.record.title}</h1>
      <div class="notice" role="status">
        <p>Access code for journalists (like a dial-in PIN). It is shown only this once: write it down or send it now.</p>
        <p class="code" id="access-code">{p.accessCode}</p>
      </div>
      <p>Scheduled for <Time ms={p.record.scheduledStart} />.</p>
      <ul>
        <li>Journalists join at <a href={paths.join}>{paths.join}</a></li>
        <li>Listeners follow at <a href={paths.listen}>{paths.listen}</a></li>
        <li>Consoles: <a href={paths.console("moderator")}>moderator</a>, <a href={paths.console("operator")}>operator</a>, <a href={paths.console("stenographer")}>stenographer</a></li>
      </ul>
    </>
  );
}

// ---------------------------------------------------------------- consoles

/** A command button: a small form with the command's fields as hidden inputs. */
function CommandButton(p: {
  action: string;
  csrf: string;
  commandId: string;
  fields: Record<string, string>;
  label: string;
  /** Accessible name when the visible label is short (e.g. "Up" → "Move Ada Park up"). */
  aria?: string;
  id?: string;
  kind?: "secondary" | "danger";
  /** With JavaScript, ask this before sending (irreversible actions). */
  confirm?: string;
}) {
  return (
    <form method="post" action={p.action} class="inline" data-command data-confirm={p.confirm}>
      <Csrf token={p.csrf} />
      <input type="hidden" name="commandId" value={p.commandId} />
      {Object.entries(p.fields).map(([k, v]) => <input type="hidden" name={k} value={v} />)}
      <button type="submit" id={p.id} class={p.kind} aria-label={p.aria}>{p.label}</button>
    </form>
  );
}

/** What every console needs to render. */
export interface ConsoleProps {
  ctx: PublishContext;
  record: BriefingRecord;
  view: CallView;
  role: ConsoleRole;
  csrf: string;
  /** Returns a fresh command id for each form (a resubmitted form is then a safe retry). */
  newId: () => string;
  /** Server time the view is for (ms UTC): the client counts waiting times from it. */
  now: number;
  /** WebSocket path (with query) the client listens on. */
  ws: string;
  /** Stenographer: the last turn, when they typed it (it may be edited or retracted). */
  lastOwnTurn?: { index: number; text: string } | null;
  problem?: Problem | null;
  /** Stenographer: text to keep in the box after a refused turn. */
  draft?: { speaker: string; text: string } | null;
}

function ConsoleNav(p: { id: string; here: ConsoleRole }) {
  const paths = briefingPaths(p.id);
  return (
    <nav class="console-nav" aria-label="Consoles of this briefing">
      <ul>
        {CONSOLE_ROLES.map((r) => (
          <li><a href={paths.console(r)} aria-current={r === p.here ? "page" : undefined}>{r[0]!.toUpperCase() + r.slice(1)}</a></li>
        ))}
        <li><a href={paths.listen}>Listener view</a></li>
        <li><a href="/briefings">All briefings</a></li>
      </ul>
    </nav>
  );
}

function QueueItem(p: { row: QueueRow; props: ConsoleProps; count: number }) {
  const { row, props } = p;
  const action = briefingPaths(props.record.id).command("operator");
  const btn = (suffix: string, label: string, aria: string, fields: Record<string, string>, kind?: "secondary" | "danger", confirm?: string) => (
    <CommandButton action={action} csrf={props.csrf} commandId={props.newId()} fields={fields} label={label} aria={aria} id={`${suffix}-${row.participant}`} kind={kind} confirm={confirm} />
  );
  const who = `${row.name}${row.outlet ? `, ${row.outlet}` : ""}`;
  return (
    <li id={`q-${row.participant}`}>
      <p style="margin:0">
        <span class="who">{row.position}. {row.name}</span>
        {row.outlet ? <>, {row.outlet}</> : null}
      </p>
      <p class="meta" style="margin:0">
        Waiting <span data-since={String(row.raisedAt)}>{waitingText(row.waitingMs)}</span>
        {row.connected ? "" : " · line dropped (place kept)"}
        {row.muted ? " · muted" : ""}
      </p>
      {props.role === "operator" ? (
        <div class="actions">
          {btn("open", "Open line", `Open line for ${who}`, { type: "open_line", participant: row.participant })}
          {row.position > 1 ? btn("up", "Up", `Move ${who} up`, { type: "reorder", participant: row.participant, position: String(row.position - 1) }, "secondary") : null}
          {row.position < p.count ? btn("down", "Down", `Move ${who} down`, { type: "reorder", participant: row.participant, position: String(row.position + 1) }, "secondary") : null}
          {btn("skip", "Skip", `Skip ${who} (to the back of the queue)`, { type: "skip", participant: row.participant }, "secondary")}
          {btn("mute", row.muted ? "Unmute" : "Mute", `${row.muted ? "Unmute" : "Mute"} ${who}`, { type: "mute", participant: row.participant, muted: row.muted ? "false" : "true" }, "secondary")}
          {btn("remove", "Remove", `Remove ${who} from the call`, { type: "remove", participant: row.participant }, "danger", `Remove ${who} from the call for good?`)}
        </div>
      ) : null}
    </li>
  );
}

function QueuePane(p: { props: ConsoleProps }) {
  const v = p.props.view;
  const rows = v.queue ?? [];
  return (
    <section aria-labelledby="queue-title">
      <h2 id="queue-title">Queue</h2>
      <div id="queue" data-live>
        {rows.length === 0 ? <p>No hands raised.</p> : (
          <ol class="queue-list" aria-label="Raised hands in order">
            {rows.map((r) => <QueueItem row={r} props={p.props} count={rows.length} />)}
          </ol>
        )}
      </div>
    </section>
  );
}

function ModeratorControls(p: { props: ConsoleProps }) {
  const { view, record, csrf } = p.props;
  const action = briefingPaths(record.id).command("moderator");
  const b = (type: string, label: string, kind?: "danger", confirm?: string) => (
    <CommandButton action={action} csrf={csrf} commandId={p.props.newId()} fields={{ type }} label={label} id={`cmd-${type}`} kind={kind} confirm={confirm} />
  );
  return (
    <div id="controls" class="controls" data-live>
      {view.phase === "scheduled" ? b("open", "Open the call") : null}
      {view.phase === "open" ? b("last_question", "Announce last question") : null}
      {view.phase !== "closed" ? b("close", "Close the call", "danger", "Close the call for everyone? This cannot be undone.") : <p>The call is closed.</p>}
    </div>
  );
}

function OperatorControls(p: { props: ConsoleProps }) {
  const { view, record, csrf } = p.props;
  const action = briefingPaths(record.id).command("operator");
  return (
    <div id="controls" class="controls" data-live>
      {view.phase === "open" || view.phase === "last_question" ? (
        <CommandButton action={action} csrf={csrf} commandId={p.props.newId()} fields={{ type: "open_line" }} label="Open next line" id="cmd-open_line" />
      ) : <p>{view.phase === "closed" ? "The call is closed." : "Lines can be opened once the moderator opens the call."}</p>}
      {view.current ? (
        <CommandButton action={action} csrf={csrf} commandId={p.props.newId()} fields={{ type: "mute", participant: view.current.participant, muted: "true" }} label={`Mute ${view.current.name}`} id="cmd-mute-current" kind="secondary" />
      ) : null}
    </div>
  );
}

function StenographerForms(p: { props: ConsoleProps }) {
  const { view, record, csrf } = p.props;
  const action = briefingPaths(record.id).command("stenographer");
  const speakers = view.speakers.filter((s) => s.role !== "operator");
  const selected = p.props.draft?.speaker ?? view.current?.participant ?? "";
  const closed = view.phase === "closed";
  const last = p.props.lastOwnTurn ?? null;
  return (
    <section aria-labelledby="type-title">
      <h2 id="type-title">Type a turn</h2>
      {closed ? <p>The call is closed; the transcript is final.</p> : (
        <form method="post" action={action} class="stack" data-command data-reset="text" id="turn-form">
          <Csrf token={csrf} />
          <input type="hidden" name="commandId" value={p.props.newId()} />
          <input type="hidden" name="type" value="add_turn" />
          <div id="speaker-box" data-live>
            <label for="speaker">Speaker
              <select id="speaker" name="speaker" required>
                <option value="" selected={selected === ""}>Choose who is speaking</option>
                {speakers.map((s) => (
                  <option value={s.id} selected={selected === s.id}>
                    {s.role === "questioner" ? `QUESTION: ${s.name}${s.outlet ? `, ${s.outlet}` : ""}` : s.name ? `${s.label} (${s.name})` : s.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label for="turn-text">What they said (stage directions in parentheses, e.g. (Laughter.))
            <textarea id="turn-text" name="text" rows={5} required maxLength={20000} autoFocus={view.phase !== "scheduled"}>{p.props.draft?.text ?? ""}</textarea>
          </label>
          <p><button type="submit" id="add-turn">Add turn</button></p>
        </form>
      )}
      <div id="last-turn" data-live>
        {!closed && last ? (
          <form method="post" action={action} class="stack" data-command>
            <Csrf token={csrf} />
            <input type="hidden" name="commandId" value={p.props.newId()} />
            <input type="hidden" name="type" value="edit_last_turn" />
            <label for="edit-text">Correct the last turn (number {last.index + 1})
              <textarea id="edit-text" name="text" rows={3} required maxLength={20000}>{last.text}</textarea>
            </label>
            <p class="controls">
              <button type="submit" id="edit-turn">Save correction</button>
            </p>
          </form>
        ) : null}
        {!closed && last ? (
          <CommandButton action={action} csrf={csrf} commandId={p.props.newId()} fields={{ type: "retract_last_turn" }} label="Retract the last turn" id="retract-turn" kind="danger" />
        ) : null}
      </div>
    </section>
  );
}

function Officials(p: { view: CallView }) {
  const officials = p.view.speakers.filter((s) => s.role === "official");
  if (officials.length === 0) return null;
  return (
    <section aria-labelledby="officials-title">
      <h2 id="officials-title">Officials</h2>
      <ul>
        {officials.map((o) => <li><strong>{o.label}</strong>{o.name ? ` — ${o.name}` : ""}</li>)}
      </ul>
    </section>
  );
}

/** `/briefings/:id/moderator|operator|stenographer`. */
export function ConsolePage(p: ConsoleProps) {
  const title = `${p.role[0]!.toUpperCase()}${p.role.slice(1)} console`;
  return (
    <>
      <Heading title={p.record.title} view={p.view} sub={title} />
      <ConsoleNav id={p.record.id} here={p.role} />
      <ProblemBox problem={p.problem} />
      <CallStatus view={p.view} />
      {p.role === "moderator" ? <ModeratorControls props={p} /> : null}
      {p.role === "operator" ? <OperatorControls props={p} /> : null}
      {p.role === "stenographer" ? <StenographerForms props={p} /> : null}
      {p.role !== "stenographer" ? <QueuePane props={p} /> : null}
      {p.role === "moderator" ? <Officials view={p.view} /> : null}
      <TranscriptPane view={p.view} />
      <div id="published-box" data-live>
        {p.record.itemId ? <p id="published">Published: <a href={p.ctx.itemPath(p.record.itemId)}>the transcript on the wire</a></p> : null}
        {p.view.phase === "closed" && !p.record.itemId ? <p data-await-item>The transcript is being published.</p> : null}
      </div>
      <LiveScript ws={p.ws} seq={p.view.seq} now={p.now} />
    </>
  );
}

// ---------------------------------------------------------------- journalists and listeners

/** Values of the join form. */
export interface JoinFormValues {
  code: string;
  name: string;
  outlet: string;
}

/** `/briefings/:id/join`: access code (unless signed in as a reader) + name + outlet. */
export function JoinPage(p: { record: BriefingRecord; values: JoinFormValues; csrf: string; needsCode: boolean; problem: Problem | null }) {
  const paths = briefingPaths(p.record.id);
  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: BRIEFING_CSS }} />
      <h1><span class="meta">Join: </span>{p.record.title}</h1>
      <ProblemBox problem={p.problem} />
      {p.record.phase === "closed" ? <p>This briefing has ended. <a href={paths.listen}>Read its transcript</a>.</p> : (
        <form method="post" action={paths.join} class="stack">
          <Csrf token={p.csrf} />
          {p.needsCode ? (
            <label for="j-code">Access code <input id="j-code" name="code" value={p.values.code} inputMode="numeric" autocomplete="one-time-code" required maxLength={32} /></label>
          ) : <p class="meta">You are signed in: no access code is needed.</p>}
          <label for="j-name">Your name <input id="j-name" name="name" value={p.values.name} required maxLength={200} autocomplete="name" /></label>
          <label for="j-outlet">Outlet (optional) <input id="j-outlet" name="outlet" value={p.values.outlet} maxLength={200} autocomplete="organization" /></label>
          <p><button type="submit">Join the briefing</button></p>
        </form>
      )}
    </>
  );
}

/** `/briefings/:id/journalist`: the large raise-hand control, the position, the transcript. */
export function JournalistPage(p: {
  record: BriefingRecord;
  view: CallView;
  me: { participantId: string; name: string; outlet: string | null };
  csrf: string;
  pcsrf: string;
  newId: () => string;
  now: number;
  ws: string;
  problem?: Problem | null;
  /** Their own standing in the call (from the state; the view does not carry it). */
  standing?: { dropped: boolean; removed: boolean; muted: boolean };
}) {
  const v = p.view;
  const action = briefingPaths(p.record.id).command("journalist");
  const st = p.standing ?? { dropped: false, removed: false, muted: false };
  const onFloor = v.current?.participant === p.me.participantId;
  const up = v.myPosition !== null;
  const live = v.phase !== "closed" && !st.removed;
  const type = st.dropped ? "rejoin" : up ? "withdraw_hand" : "raise_hand";
  const showButton = live && (st.dropped || up || (v.phase === "open" && !onFloor));
  const text = st.removed ? "The operator removed you from the call." : onFloor ? "Your line is open: ask your question." : positionText(v);
  return (
    <>
      <Heading title={v.title} view={v} sub="Journalist" />
      <p class="meta">You joined as <strong>{p.me.name}</strong>{p.me.outlet ? `, ${p.me.outlet}` : ""}.</p>
      <ProblemBox problem={p.problem} />
      <CallStatus view={v} />
      <p id="position" class="position" data-live aria-live="polite">{text}</p>
      <div id="hand-box" data-live>
        {st.dropped && live ? <p>Your connection to the call dropped{up ? "; your place is kept for a short while" : ""}. Rejoin to take part again.</p> : null}
        {st.muted && live ? <p>The operator has muted your line.</p> : null}
        {showButton ? (
          <form method="post" action={action} data-command>
            <Csrf token={p.csrf} />
            <input type="hidden" name="_pcsrf" value={p.pcsrf} />
            <input type="hidden" name="commandId" value={p.newId()} />
            <input type="hidden" name="type" value={type} />
            <button type="submit" id="hand-button" class={type === "withdraw_hand" ? "hand down" : "hand"}>
              {type === "rejoin" ? "Rejoin the call" : type === "withdraw_hand" ? "Withdraw your hand" : "Raise your hand"}
            </button>
          </form>
        ) : null}
      </div>
      <TranscriptPane view={v} />
      <LiveScript ws={p.ws} seq={v.seq} now={p.now} />
    </>
  );
}

/** `/briefings/:id`: the read-only live transcript; nothing while the embargo holds. */
export function ListenerPage(p: { ctx: PublishContext; record: BriefingRecord; view: CallView; now: number; ws: string }) {
  const v = p.view;
  const paths = briefingPaths(p.record.id);
  return (
    <>
      <Heading title={v.title} view={v} />
      <p class="meta">
        {p.record.section ? <>{p.record.section} · </> : null}
        Scheduled for <Time ms={p.record.scheduledStart} />
        {v.phase !== "closed" ? <> · <a href={paths.join}>Join as a journalist</a></> : null}
      </p>
      <div id="call-status" data-live aria-live="polite">
        <p><span class={`phase phase-${v.phase}`}>{phaseText(v.phase)}</span></p>
        {p.record.itemId && v.embargoLifted ? <p id="published">Published: <a href={p.ctx.itemPath(p.record.itemId)}>the transcript on the wire</a></p> : null}
        {v.phase === "closed" && !p.record.itemId ? <p data-await-item>The transcript is being published.</p> : null}
      </div>
      <TranscriptPane view={v} emptyText={v.phase === "scheduled" ? "The call has not started yet." : undefined} />
      <LiveScript ws={p.ws} seq={v.seq} now={p.now} />
    </>
  );
}


/** Heading of the briefing pages' error page for an HTTP status (401 "Sign in required", 403 "Not allowed", ...). */
export function errorHeading(status: number): string {
  if (status >= 500) return "Something went wrong";
  switch (status) {
    case 401: return "Sign in required";
    case 403: return "Not allowed";
    case 404: return "Page not found";
    case 405: return "Method not allowed";
    case 409: return "Not possible now";
    case 413: return "Too large";
    case 429: return "Too many requests";
    default: return "Bad request";
  }
}

/**
 * The error page of the briefing pages: a heading that matches the status, the message, the
 * error code, and for 401 a sign-in link that comes back to `path`.
 */
export function BriefingErrorPage(p: { status: number; code: string; message: string; path: string }) {
  return (
    <>
      <h1>{errorHeading(p.status)}</h1>
      <p class="error" role="alert">{p.message}</p>
      {p.status === 401 ? <p><a href={`/login?next=${encodeURIComponent(p.path)}`}>Sign in</a></p> : null}
      <p class="meta">Error code: <code>{p.code}</code></p>
      <p><a href="/briefings">All briefings</a></p>
    </>
  );
}
