/**
 * The live briefing WebSocket protocol (version 1): the messages a client and the server
 * exchange on `GET /api/v1/briefings/:id/live`, and the check of what a client sends.
 * docs/briefings.md ("HTTP and WebSocket API") is the reference for client writers.
 *
 * Every message is one JSON object in one text frame with a `type`.
 */
import type { BriefingError } from "../../briefing/errors.js";
import type { ClientEvent, LiveStatus } from "../../briefing/filter.js";
import type { CallView } from "../../briefing/view.js";
import type { ErrorCode } from "../../core/errors.js";

/** Protocol version, sent in `hello`. */
export const PROTOCOL_VERSION = 1;
/** Subprotocol a browser client offers (`new WebSocket(url, [SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + token])`). */
export const SUBPROTOCOL = "pressroom.v1";
/** Prefix of the subprotocol that carries a participant token (browsers cannot set headers). */
export const TOKEN_PROTOCOL_PREFIX = "pressroom.token.";
/** Header carrying a participant token (HTTP commands, and WebSocket clients that can set headers). */
export const TOKEN_HEADER = "x-participant-token";
/** Largest message a client may send, in bytes (a larger one closes the connection with 1009). */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** Roles a connection can take. `system` is a bridge or transport (editor+), `listener` anyone allowed. */
export type ConnectionRole = "moderator" | "operator" | "stenographer" | "journalist" | "system" | "listener";

/** An error as the API reports it: catalogue `code`, message, and the briefing refusal code as `reason`. */
export interface WireError {
  code: ErrorCode;
  message: string;
  /** The specific briefing code (`PRESSROOM_E_BRIEFING_...`) when a command was refused. */
  reason?: string;
}

/** Server → client messages. */
export type ServerMessage =
  | { type: "hello"; protocol: number; briefingId: string; role: ConnectionRole; participantId: string | null; seq: number; view: CallView }
  | { type: "events"; seq: number; events: ClientEvent[]; status: LiveStatus; replay?: true }
  | { type: "view"; seq: number; view: CallView }
  | { type: "result"; commandId: string | null; ok: boolean; retried?: boolean; seq?: number | null; error?: WireError }
  | { type: "error"; error: WireError }
  | { type: "pong" };

/** Client → server messages. */
export type ClientMessage =
  | { type: "command"; command: Record<string, unknown> }
  | { type: "resume"; since: number }
  | { type: "ping" };

/** The wire form of a briefing refusal. */
export function wireError(e: BriefingError): WireError {
  return { code: e.status, message: e.message, reason: e.code };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Check one text frame from a client.
 * @returns the message, or a `PRESSROOM_E_BAD_REQUEST` {@link WireError} naming what is wrong
 *   (not JSON, not an object, unknown `type`, missing `command` or a bad `since`).
 */
export function parseClientMessage(text: string): ClientMessage | { error: WireError } {
  const bad = (message: string) => ({ error: { code: "PRESSROOM_E_BAD_REQUEST" as const, message } });
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return bad("a message must be JSON");
  }
  if (!isObj(v)) return bad("a message must be a JSON object with a type");
  switch (v.type) {
    case "command":
      if (!isObj(v.command)) return bad("command must be an object, e.g. {\"type\":\"command\",\"command\":{\"commandId\":\"c1\",\"type\":\"raise_hand\"}}");
      return { type: "command", command: v.command };
    case "resume":
      if (typeof v.since !== "number" || !Number.isInteger(v.since) || v.since < 0) return bad("since must be a whole number >= 0 (the last seq you saw)");
      return { type: "resume", since: v.since };
    case "ping":
      return { type: "ping" };
    default:
      return bad(`unknown message type ${JSON.stringify(typeof v.type === "string" ? v.type.slice(0, 40) : v.type ?? null)}; expected command, resume or ping`);
  }
}

/** The `commandId` of a command object if it is a usable string, else null (for `result` replies). */
export function commandIdOf(command: unknown): string | null {
  return isObj(command) && typeof command.commandId === "string" ? command.commandId.slice(0, 200) : null;
}

/** A participant token from the offered subprotocols (`Sec-WebSocket-Protocol`), or null. */
export function tokenFromProtocols(header: string | undefined): string | null {
  if (!header) return null;
  for (const p of header.split(",")) {
    const t = p.trim();
    if (t.startsWith(TOKEN_PROTOCOL_PREFIX)) return t.slice(TOKEN_PROTOCOL_PREFIX.length);
  }
  return null;
}
