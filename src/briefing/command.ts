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

const ACTOR_ROLES: readonly ActorRole[] = ["moderator", "operator", "stenographer", "journalist", "system"];

/** Every command type. */
export const COMMAND_TYPES: readonly CommandType[] = [
  "open", "join", "raise_hand", "withdraw_hand", "drop", "rejoin", "tick", "open_line", "reorder", "skip",
  "remove", "mute", "last_question", "close", "add_turn", "edit_last_turn", "retract_last_turn",
];

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const bad = (msg: string): BriefingError => briefingError("PRESSROOM_E_BRIEFING_BAD_COMMAND", msg);

function str(v: unknown, field: string, max: number): string | BriefingError {
  if (typeof v !== "string") return bad(`${field} must be a string`);
  const t = v.trim();
  if (t.length === 0) return bad(`${field} must not be empty`);
  if (t.length > max) return bad(`${field} is longer than ${max} characters`);
  return t;
}

const isErr = (v: unknown): v is BriefingError => isObj(v) && typeof v.code === "string" && typeof v.status === "string";

/**
 * Validate a command received as JSON.
 *
 * Strings are trimmed; `outlet` may be null or absent (null); fields a command type does not
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
      const text = str(input.text, "text", MAX_TEXT_CHARS);
      return isErr(text) ? text : { type, speaker, text };
    }
    case "edit_last_turn": {
      const text = str(input.text, "text", MAX_TEXT_CHARS);
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
