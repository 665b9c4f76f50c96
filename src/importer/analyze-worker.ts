/**
 * Worker-thread entry of {@link AnalyzePool}: analyses the files it is sent with
 * `analyzeFile` (read, decode, extract, transcript analysis, redaction: pure of the store)
 * and posts each {@link FileAnalysis} back. Messages: in `{ id, path, maxBytes, flags }`,
 * out `{ id, result }` (analyzeFile never throws; an unexpected error comes back as
 * `{ id, error }`).
 */
import { parentPort } from "node:worker_threads";
import { analyzeFile } from "./analyze-file.js";

/** A request to analyse one file. */
export interface AnalyzeRequest {
  id: number;
  path: string;
  maxBytes: number;
  flags: string[];
}

parentPort?.on("message", (m: AnalyzeRequest) => {
  analyzeFile(m.path, m.maxBytes, m.flags).then(
    (result) => parentPort!.postMessage({ id: m.id, result }),
    (e: unknown) => parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
