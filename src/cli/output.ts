import { isPressroomError } from "../core/errors.js";

/** Exit codes of the `pressroom` command. */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/**
 * Print an error as one clear line on stderr (`pressroom: message [CODE]`) and return the
 * exit code to use. Unknown errors print their message only; the stack trace is shown
 * when `PRESSROOM_DEBUG=1`.
 */
export function reportError(e: unknown): number {
  if (isPressroomError(e)) {
    process.stderr.write(`pressroom: ${e.message} [${e.code}]\n`);
    return e.code === "PRESSROOM_E_CONFIG" || e.code === "PRESSROOM_E_BAD_REQUEST" ? EXIT.usage : EXIT.failure;
  }
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`pressroom: ${msg.split("\n")[0]}\n`);
  if (process.env.PRESSROOM_DEBUG === "1" && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  return EXIT.failure;
}

/** Group digits like a wire does: 451514 → "451,514". */
export function grouped(n: number): string {
  return n.toLocaleString("en-US");
}
