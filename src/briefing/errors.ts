/**
 * Why a briefing command was refused. Each code is stable (clients match on it) and maps to
 * a code of the product's catalogue (`src/core/errors.ts`), which fixes the HTTP status the
 * API will answer with: `PRESSROOM_E_FORBIDDEN` 403, `PRESSROOM_E_CONFLICT` 409,
 * `PRESSROOM_E_BAD_REQUEST` 400, `PRESSROOM_E_NOT_FOUND` 404.
 */
import type { ErrorCode } from "../core/errors.js";

/** Briefing refusal codes, with the catalogue code each one is reported under. */
export const BRIEFING_ERRORS = {
  /** The command is malformed (missing field, wrong type, empty text, unknown type). */
  PRESSROOM_E_BRIEFING_BAD_COMMAND: "PRESSROOM_E_BAD_REQUEST",
  /** The actor's role may not send this command. */
  PRESSROOM_E_BRIEFING_WRONG_ROLE: "PRESSROOM_E_FORBIDDEN",
  /** The call has not been opened yet. */
  PRESSROOM_E_BRIEFING_NOT_OPEN: "PRESSROOM_E_CONFLICT",
  /** The call is already open (or past it). */
  PRESSROOM_E_BRIEFING_ALREADY_OPEN: "PRESSROOM_E_CONFLICT",
  /** The call is closed: nothing more happens in it. */
  PRESSROOM_E_BRIEFING_CLOSED: "PRESSROOM_E_CONFLICT",
  /** "Last question" was announced: the queue takes no new hands. */
  PRESSROOM_E_BRIEFING_QUEUE_CLOSED: "PRESSROOM_E_CONFLICT",
  /** "Last question" was already announced. */
  PRESSROOM_E_BRIEFING_ALREADY_LAST_QUESTION: "PRESSROOM_E_CONFLICT",
  /** The participant has not joined the call. */
  PRESSROOM_E_BRIEFING_NOT_JOINED: "PRESSROOM_E_NOT_FOUND",
  /** The participant already joined. */
  PRESSROOM_E_BRIEFING_ALREADY_JOINED: "PRESSROOM_E_CONFLICT",
  /** The participant was removed by the operator. */
  PRESSROOM_E_BRIEFING_REMOVED: "PRESSROOM_E_FORBIDDEN",
  /** The hand is already up. */
  PRESSROOM_E_BRIEFING_HAND_ALREADY_RAISED: "PRESSROOM_E_CONFLICT",
  /** The participant has the floor already. */
  PRESSROOM_E_BRIEFING_HAS_FLOOR: "PRESSROOM_E_CONFLICT",
  /** No hand is up for this participant. */
  PRESSROOM_E_BRIEFING_NOT_IN_QUEUE: "PRESSROOM_E_NOT_FOUND",
  /** No connected journalist is waiting in the queue. */
  PRESSROOM_E_BRIEFING_QUEUE_EMPTY: "PRESSROOM_E_CONFLICT",
  /** The journalist's connection is down (drop twice, raise a hand or get the floor while dropped). */
  PRESSROOM_E_BRIEFING_DROPPED: "PRESSROOM_E_CONFLICT",
  /** Rejoin from a journalist whose connection is up. */
  PRESSROOM_E_BRIEFING_NOT_DROPPED: "PRESSROOM_E_CONFLICT",
  /** A turn's speaker is no participant of the call. */
  PRESSROOM_E_BRIEFING_UNKNOWN_SPEAKER: "PRESSROOM_E_BAD_REQUEST",
  /** Edit or retract when the last turn is not one the stenographer typed. */
  PRESSROOM_E_BRIEFING_NO_TURN: "PRESSROOM_E_CONFLICT",
  /** The `commandId` was used before for a different command. */
  PRESSROOM_E_BRIEFING_COMMAND_ID_REUSED: "PRESSROOM_E_CONFLICT",
  /** The set-up is invalid (creating a briefing). */
  PRESSROOM_E_BRIEFING_BAD_SETUP: "PRESSROOM_E_BAD_REQUEST",
} as const satisfies Record<string, ErrorCode>;

/** A briefing refusal code. */
export type BriefingErrorCode = keyof typeof BRIEFING_ERRORS;

/** A refused command: stable `code`, the catalogue code it maps to (`status`), and a one-line message. */
export interface BriefingError {
  code: BriefingErrorCode;
  status: ErrorCode;
  message: string;
}

/** Make a {@link BriefingError}. */
export function briefingError(code: BriefingErrorCode, message: string): BriefingError {
  return { code, status: BRIEFING_ERRORS[code], message };
}
