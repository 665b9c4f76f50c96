/**
 * Journalists joining a briefing and the per-participant secret that lets their client (or
 * a telephone bridge) act as them afterwards, over HTTP or WebSocket, across reconnects and
 * server restarts.
 *
 * - A signed-in account (reader or higher) joins as participant `u<userId>`: joining again
 *   returns the same participant with a fresh token (the old one stops working).
 * - With the briefing's access code (the dial-in PIN) anyone joins as a new participant
 *   `p` + 10 random characters.
 * - The token is `prp_` + 32 random bytes in base64url (47 characters); only its SHA-256 is
 *   kept ({@link ParticipantTokenStore}).
 */
import { randomBytes, randomInt } from "node:crypto";
import { secretHash } from "../../accounts/secrets.js";
import { PressroomError } from "../../core/errors.js";
import { MAX_ID_CHARS } from "../../briefing/command.js";
import type { BriefingError } from "../../briefing/errors.js";
import type { BriefingServicePort, ParticipantTokenStore } from "./service-port.js";

/** Prefix of participant tokens. */
export const PARTICIPANT_TOKEN_PREFIX = "prp_";

const TOKEN_RE = /^prp_[A-Za-z0-9_-]{43}$/;
const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A new participant token. */
export function newParticipantToken(): string {
  return PARTICIPANT_TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

/** True when `s` has the shape of a participant token (says nothing about validity). */
export function looksLikeParticipantToken(s: string): boolean {
  return TOKEN_RE.test(s);
}

/** A new random participant id for an access-code join: `p` + 10 characters of [a-z0-9]. */
export function newParticipantId(): string {
  let s = "p";
  for (let i = 0; i < 10; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** How a journalist proves they may join: the briefing's access code, or a signed-in account. */
export type JoinVia = { accessCode: string } | { userId: number };

/** What a join returns: the participant id and its token (shown once). */
export interface Joined {
  participantId: string;
  token: string;
  /** True when an account that had joined before got a fresh token for its participant. */
  rejoined: boolean;
}

/** Thrown for a refused join: the briefing refusal as a {@link PressroomError} of its catalogue code. */
function refusal(e: BriefingError): PressroomError {
  return new PressroomError(e.status, e.message, { reason: e.code });
}

/**
 * Join briefing `id` as a journalist named `name` (with `outlet`, or null).
 *
 * @throws PressroomError `PRESSROOM_E_NOT_FOUND` (no such briefing), `PRESSROOM_E_FORBIDDEN`
 *   (wrong access code), `PRESSROOM_E_BAD_REQUEST` (bad name or outlet), `PRESSROOM_E_CONFLICT`
 *   (the call is closed) with `detail.reason` the briefing code.
 */
export async function joinParticipant(service: BriefingServicePort, tokens: ParticipantTokenStore, id: string, who: { name: unknown; outlet?: unknown }, via: JoinVia): Promise<Joined> {
  const record = await service.get(id);
  if (!record) throw new PressroomError("PRESSROOM_E_NOT_FOUND", "no such briefing");
  if (typeof who.name !== "string" || who.name.trim() === "") throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "name must be a non-empty string");
  if (who.name.trim().length > MAX_ID_CHARS) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `name is longer than ${MAX_ID_CHARS} characters`);
  if (who.outlet !== undefined && who.outlet !== null && typeof who.outlet !== "string") throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "outlet must be a string or null");
  let participantId: string;
  if ("accessCode" in via) {
    if (typeof via.accessCode !== "string" || !(await service.checkAccessCode(id, via.accessCode))) {
      throw new PressroomError("PRESSROOM_E_FORBIDDEN", "the access code is not this briefing's");
    }
    participantId = newParticipantId();
  } else {
    participantId = `u${via.userId}`;
  }
  const r = await service.command(id, {
    commandId: `join:${participantId}`,
    actor: { id: participantId, role: "journalist" },
    type: "join",
    name: who.name,
    outlet: who.outlet ?? null,
  });
  let rejoined = false;
  if (!r.ok) {
    // An account joining again (or a join retried with another name): same participant, new token.
    if (!("userId" in via) || (r.error.code !== "PRESSROOM_E_BRIEFING_ALREADY_JOINED" && r.error.code !== "PRESSROOM_E_BRIEFING_COMMAND_ID_REUSED")) throw refusal(r.error);
    rejoined = true;
  } else if (r.retried) rejoined = true;
  const token = newParticipantToken();
  await tokens.saveParticipantToken(id, participantId, secretHash(token));
  return { participantId, token, rejoined };
}

/** The participant of briefing `id` whose token is `token`, or null (malformed, unknown, replaced). */
export async function participantOf(tokens: ParticipantTokenStore, id: string, token: string | null | undefined): Promise<string | null> {
  if (typeof token !== "string" || !looksLikeParticipantToken(token)) return null;
  return tokens.participantForTokenHash(id, secretHash(token));
}
