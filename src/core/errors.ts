/**
 * Error catalogue: every error the product reports carries a stable code, shared by
 * the CLI, the API and the logs, so users can match on the code, not on the message.
 */
export const ERROR_CODES = {
  PRESSROOM_E_CONFIG: "invalid configuration",
  PRESSROOM_E_NOT_FOUND: "no such item",
  PRESSROOM_E_BAD_REQUEST: "bad request",
  PRESSROOM_E_BAD_QUERY: "search query could not be understood",
  PRESSROOM_E_UNREADABLE: "file could not be read",
  PRESSROOM_E_EMPTY: "document is empty",
  PRESSROOM_E_BINARY: "file is binary, not a text document",
  PRESSROOM_E_TOO_LARGE: "file is larger than the import limit",
  PRESSROOM_E_TRUNCATED: "document is truncated or malformed",
  PRESSROOM_E_UNSUPPORTED: "document format is not supported",
  PRESSROOM_E_UNAUTHORIZED: "sign-in required",
  PRESSROOM_E_FORBIDDEN: "not allowed",
  PRESSROOM_E_CONFLICT: "conflicts with the stored state",
  PRESSROOM_E_RATE_LIMITED: "too many requests; try again later",
  PRESSROOM_E_GROUND_RULES: "the ground rules forbid publishing this as it stands",
  PRESSROOM_E_FETCH: "could not fetch the remote resource",
  PRESSROOM_E_DATABASE: "database error",
  PRESSROOM_E_INTERNAL: "internal error",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error with a stable `code` from {@link ERROR_CODES} and a one-line message. */
export class PressroomError extends Error {
  readonly code: ErrorCode;
  /** Extra machine-readable detail (e.g. the file path), safe to show to the user. */
  readonly detail: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message?: string, detail?: Record<string, unknown>) {
    super(message ?? ERROR_CODES[code]);
    this.name = "PressroomError";
    this.code = code;
    this.detail = detail;
  }
}

/** True when `e` is a {@link PressroomError}, optionally with the given code. */
export function isPressroomError(e: unknown, code?: ErrorCode): e is PressroomError {
  return e instanceof PressroomError && (code === undefined || e.code === code);
}
