/** Line reading for archives: `\n`-ended lines of a byte stream, with their numbers. */
import { StringDecoder } from "node:string_decoder";

/** One line of input without its line end (a trailing `\r` is dropped too). */
export interface Line {
  /** 1-based line number. */
  no: number;
  text: string;
  /** False only for a last line that has no `\n` after it (a cut-off file). */
  terminated: boolean;
}

/**
 * The lines of `input` (UTF-8 bytes), one at a time so memory holds one line at most.
 * Yields a last line with `terminated: false` when the input does not end with `\n`.
 */
export async function* readLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<Line> {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  let no = 0;
  const out = (s: string): string => (s.endsWith("\r") ? s.slice(0, -1) : s);
  for await (const chunk of input) {
    pending += typeof chunk === "string" ? chunk : decoder.write(chunk);
    let nl: number;
    let start = 0;
    while ((nl = pending.indexOf("\n", start)) !== -1) {
      yield { no: ++no, text: out(pending.slice(start, nl)), terminated: true };
      start = nl + 1;
    }
    pending = pending.slice(start);
  }
  pending += decoder.end();
  if (pending !== "") yield { no: ++no, text: pending, terminated: false };
}
