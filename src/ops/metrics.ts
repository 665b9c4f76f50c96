/**
 * Process-wide Prometheus metrics (prom-client): the default process metrics (CPU, memory,
 * event-loop lag, handles, GC) and the ingest counters that any part of the process may
 * move without knowing about HTTP. The publishing server adds its own per-server metrics
 * (request latency, items, queue depth, scheduler lag) in `publish/ops/routes.ts`
 * and serves both sets at `/metrics`.
 *
 * Names follow the Prometheus conventions: a `pressroom_` prefix on ours (the default
 * process metrics keep their usual `process_` / `nodejs_` names), base units (seconds,
 * bytes), `_total` on counters only.
 *
 * @example
 * import { recordIngest } from "../ops/metrics.js";
 * recordIngest("imported"); // one more document stored as a new item
 */
import { Counter, Registry, collectDefaultMetrics } from "prom-client";

/** What became of one ingested document (importer, feed poller, inbox). */
export type IngestResult = "imported" | "updated" | "unchanged" | "held" | "rejected";

/** Every {@link IngestResult}, in a stable order (each is exported, at 0 until it happens). */
export const INGEST_RESULTS: readonly IngestResult[] = ["imported", "updated", "unchanged", "held", "rejected"];

/** Name of the ingest counter (label `result`, one of {@link INGEST_RESULTS}). */
export const INGEST_COUNTER = "pressroom_documents_ingested_total";

interface ProcessMetrics {
  registry: Registry;
  ingested: Counter<"result">;
}

let metrics: ProcessMetrics | null = null;

/** The process registry, created (with the default process metrics) on first use. */
function processMetrics(): ProcessMetrics {
  if (metrics) return metrics;
  const registry = new Registry();
  // Unprefixed (process_*, nodejs_*), as the usual Node.js dashboards expect.
  collectDefaultMetrics({ register: registry });
  const ingested = new Counter({
    name: INGEST_COUNTER,
    help: "Documents ingested (pressroom import, source polling, inbox) by result: imported (new item), updated (new version), unchanged, held (under a stated embargo), rejected",
    labelNames: ["result"] as const,
    registers: [registry],
  });
  for (const r of INGEST_RESULTS) ingested.inc({ result: r }, 0);
  metrics = { registry, ingested };
  return metrics;
}

/**
 * The process-wide registry (default process metrics and the ingest counters). Callers
 * that serve metrics merge it with their own registry; nobody else should register into it.
 */
export function processRegistry(): Registry {
  return processMetrics().registry;
}

/**
 * Count ingested documents. Cheap (an in-memory add); never throws.
 * @param result what became of the documents
 * @param n how many (default 1; 0 or less does nothing)
 */
export function recordIngest(result: IngestResult, n = 1): void {
  if (!(n > 0)) return;
  processMetrics().ingested.inc({ result }, n);
}
