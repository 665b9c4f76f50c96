/**
 * Checking commands that arrive from outside (a WebSocket message, an HTTP body, a
 * telephone bridge): {@link parseCommand} turns unknown JSON into a {@link Command} with
 * only the known fields, or a `PRESSROOM_E_BRIEFING_BAD_COMMAND` refusal.
 */
import { briefingError, type BriefingError } from "./errors.js";
import type { Actor, ActorRole, Command, CommandBody, CommandType } from "./types.js";

/** Longest `commandId`, actor id, name or outlet accepted, in characters. */
export const MAX_ID_CHARS = 200;
/** Longest turn text accepted, in characters. */
export const MAX_TEXT_CHARS = 20_000;

/** Earliest instant a briefing time (`scheduledStart`, `embargo.until`) may be: 2000-01-01T00:00:00Z, epoch ms. */
export const MIN_BRIEFING_TIME_MS = Date.UTC(2000, 0, 1);
/** Latest instant a briefing time may be: 2100-01-01T00:00:00Z, epoch ms. */
export const MAX_BRIEFING_TIME_MS = Date.UTC(2100, 0, 1);

/** True when `v` is an integer number of epoch ms from {@link MIN_BRIEFING_TIME_MS} to {@link MAX_BRIEFING_TIME_MS}. */
export function isBriefingTime(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= MIN_BRIEFING_TIME_MS && v <= MAX_BRIEFING_TIME_MS;
}

/** C0 controls and DEL (but tab and line feed, checked apart), C1 controls, and the bidi embedding/override/isolate marks. */
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

/**
 * Why `s` cannot be stored as briefing text, or null when it can: it must hold no control
 * character (NUL, which PostgreSQL cannot store, and the other C0/C1 controls) and no bidi
 * embedding, override or isolate mark (U+202A–U+202E, U+2066–U+2069: they make a name or a
 * quote read differently from what it is). Tab and line feed are allowed only when
 * `multiline` (turn text; normalise CR LF first).
 * @returns e.g. `"a control character (U+0000)"`, or null.
 */
export function unsafeTextReason(s: string, multiline = false): string | null {
  const m = UNSAFE.exec(s) ?? (multiline ? null : /[\t\n]/.exec(s));
  if (!m) return null;
  const cp = m[0].codePointAt(0)!;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  return cp >= 0x202a ? `a bidi control character (${hex})` : `a control character (${hex})`;
}

const ACTOR_ROLES: readonly ActorRole[] = ["moderator", "operator", "stenographer", "journalist", "system"];

/** Every command type. */
export const COMMAND_TYPES: readonly CommandType[] = [
  "open", "join", "raise_hand", "withdraw_hand", "drop", "rejoin", "tick", "open_line", "reorder", "skip",
  "remove", "mute", "last_question", "close", "add_turn", "edit_last_turn", "retract_last_turn",
];

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const bad = (msg: string): BriefingError => briefingError("PRESSROOM_E_BRIEFING_BAD_COMMAND", msg);

function str(v: unknown, field: string, max: number, multiline = false): string | BriefingError {
  if (typeof v !== "string") return bad(`${field} must be a string`);
  const t = (multiline ? v.replace(/\r\n?/g, "\n") : v).trim();
  const why = unsafeTextReason(t, multiline);
  if (why) return bad(`${field} must not contain ${why}`);
  if (t.length === 0) return bad(`${field} must not be empty`);
  if (t.length > max) return bad(`${field} is longer than ${max} characters`);
  return t;
}

const isErr = (v: unknown): v is BriefingError => isObj(v) && typeof v.code === "string" && typeof v.status === "string";

/**
 * Validate a command received as JSON.
 *
 * Strings are trimmed and must hold no control or bidi character (turn `text` may hold tab and
 * line feed; CR LF and CR become LF); `outlet` may be null or absent (null); fields a command type does not
 * use are dropped. `position` must be an integer ≥ 1 (its upper bound is checked by `apply`).
 *
 * @returns The command, or a refusal with code `PRESSROOM_E_BRIEFING_BAD_COMMAND`.
 */
export function parseCommand(input: unknown): Command | BriefingError {
  if (!isObj(input)) return bad("a command must be a JSON object");
  const commandId = str(input.commandId, "commandId", MAX_ID_CHARS);
  if (isErr(commandId)) return commandId;
  if (!isObj(input.actor)) return bad("actor must be an object with id and role");
  const actorId = str(input.actor.id, "actor.id", MAX_ID_CHARS);
  if (isErr(actorId)) return actorId;
  const role = input.actor.role;
  if (typeof role !== "string" || !(ACTOR_ROLES as readonly string[]).includes(role)) return bad(`actor.role must be one of ${ACTOR_ROLES.join(", ")}`);
  const actor: Actor = { id: actorId, role: role as ActorRole };
  const type = input.type;
  if (typeof type !== "string" || !(COMMAND_TYPES as readonly string[]).includes(type)) return bad(`type must be one of ${COMMAND_TYPES.join(", ")}`);
  const body = parseBody(type as CommandType, input);
  if (isErr(body)) return body;
  return { commandId, actor, ...body } as Command;
}

function optParticipant(input: Record<string, unknown>): { participant?: string } | BriefingError {
  if (input.participant === undefined || input.participant === null) return {};
  const p = str(input.participant, "participant", MAX_ID_CHARS);
  return isErr(p) ? p : { participant: p };
}

function parseBody(type: CommandType, input: Record<string, unknown>): CommandBody | BriefingError {
  switch (type) {
    case "open": case "raise_hand": case "withdraw_hand": case "rejoin": case "tick": case "last_question": case "close": case "retract_last_turn":
      return { type };
    case "join": {
      const name = str(input.name, "name", MAX_ID_CHARS);
      if (isErr(name)) return name;
      let outlet: string | null = null;
      if (input.outlet !== undefined && input.outlet !== null) {
        if (typeof input.outlet !== "string") return bad("outlet must be a string or null");
        const t = input.outlet.trim();
        const why = unsafeTextReason(t);
        if (why) return bad(`outlet must not contain ${why}`);
        if (t.length > MAX_ID_CHARS) return bad(`outlet is longer than ${MAX_ID_CHARS} characters`);
        outlet = t.length ? t : null;
      }
      return { type, name, outlet };
    }
    case "drop": case "open_line": case "skip": {
      const p = optParticipant(input);
      return isErr(p) ? p : { type, ...p };
    }
    case "remove": {
      const p = str(input.participant, "participant", MAX_ID_CHARS);
      return isErr(p) ? p : { type, participant: p };
    }
    case "mute": {
      const p = str(input.participant, "participant", MAX_ID_CHARS);
      if (isErr(p)) return p;
      if (typeof input.muted !== "boolean") return bad("muted must be true or false");
      return { type, participant: p, muted: input.muted };
    }
    case "reorder": {
      const p = str(input.participant, "participant", MAX_ID_CHARS);
      if (isErr(p)) return p;
      const pos = input.position;
      if (typeof pos !== "number" || !Number.isInteger(pos) || pos < 1) return bad("position must be an integer from 1");
      return { type, participant: p, position: pos };
    }
    case "add_turn": {
      const speaker = str(input.speaker, "speaker", MAX_ID_CHARS);
      if (isErr(speaker)) return speaker;
      const text = str(input.text, "text", MAX_TEXT_CHARS, true);
      return isErr(text) ? text : { type, speaker, text };
    }
    case "edit_last_turn": {
      const text = str(input.text, "text", MAX_TEXT_CHARS, true);
      return isErr(text) ? text : { type, text };
    }
  }
}

/** True when `v` is a {@link BriefingError}. */
export function isBriefingError(v: unknown): v is BriefingError {
  return isErr(v);
}

/**
 * Canonical JSON of a checked command without its `commandId` (keys sorted), used to tell a
 * retry (same id, same command) from a reused id (same id, another command).
 */
export function fingerprint(command: Command): string {
  const { commandId: _id, ...rest } = command;
  return canonical(rest);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (isObj(v)) return `{${Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
  return JSON.stringify(v);
}
