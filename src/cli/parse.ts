import { readFileSync } from "node:fs";
import type { Structure } from "../core/transcript-types.js";
import { readDocuments } from "../ingest/index.js";
import { readFileDocuments } from "../ingest/index.js";
import { analyze } from "../transcript/index.js";
import { PressroomError } from "../core/errors.js";
import { formatText, formatWebVtt } from "../transcript/format.js";

/** Output formats of `pressroom parse`. */
export type ParseFormat = "json" | "text" | "webvtt";

/**
 * `pressroom parse FILE`: read one document (FILE, or `-` for stdin), analyse it, and
 * return the rendered output. Touches no database. A feed file holding several entries
 * is analysed entry by entry; JSON output is then an array.
 * @throws PressroomError for unreadable, binary, empty or unsupported input.
 */
export async function runParse(file: string, format: ParseFormat): Promise<string> {
  const docs = file === "-" ? readDocuments(readStdin(), "-") : await readFileDocuments(file);
  const structures = docs.map((d) => analyze(d));
  if (structures.length === 0) throw new PressroomError("PRESSROOM_E_EMPTY", `${file}: no document found`);
  switch (format) {
    case "json":
      return JSON.stringify(structures.length === 1 ? structures[0] : structures, null, 2) + "\n";
    case "text":
      return structures.map((s: Structure) => formatText(s)).join("\n\n");
    case "webvtt":
      return structures.map((s: Structure) => formatWebVtt(s)).join("\n\n");
  }
}

function readStdin(): Buffer {
  try {
    return readFileSync(0);
  } catch (e) {
    throw new PressroomError("PRESSROOM_E_UNREADABLE", `standard input could not be read (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
}
