/**
 * Live briefings (issue 7), the pure core: set-up, the call and queue state machine, and
 * the transcript it produces. No I/O: the store and the WebSocket API plug in around
 * {@link apply} (see docs/briefings.md).
 */
export * from "./types.js";
export { BRIEFING_ERRORS, briefingError, type BriefingError, type BriefingErrorCode } from "./errors.js";
export { parseCommand, fingerprint, isBriefingError, COMMAND_TYPES, MAX_ID_CHARS, MAX_TEXT_CHARS } from "./command.js";
export { createBriefing, checkSetup, staffIds } from "./setup.js";
export { apply, ALLOWED_ROLES, type ApplyResult, type Applied, type Refused } from "./apply.js";
export { replay, type LogEntry, type Replayed } from "./replay.js";
export { assembleTranscript, transcriptGroundRules, QUESTION_LABEL } from "./assemble.js";
export { attributionText, replaceRealNames, namesArePrivate, NAME_PRIVATE_BASES } from "./names.js";
export { directionsIn, isDirectionsOnly, normalizeTurnText } from "./directions.js";
export { viewFor, embargoLifted, publicTranscript, type Viewer, type CallView, type QueueRow, type SpeakerRow } from "./view.js";
export { nextGraceDue, embargoDue, tickCommandId } from "./timers.js";
