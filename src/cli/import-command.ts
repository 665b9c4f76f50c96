import cliProgress from "cli-progress";
import type { Store } from "../store/store.js";
import { importPaths, type ImportSummary } from "../importer/import.js";
import { grouped } from "./output.js";

/**
 * Run `pressroom import` with a progress bar on a terminal (rate and ETA) and Ctrl-C
 * handling: the first Ctrl-C stops after the current file (what was stored stays
 * consistent), a second one exits at once.
 */
export async function runImport(store: Store, paths: string[], opts: { json: boolean; quiet: boolean }): Promise<ImportSummary> {
  const tty = process.stderr.isTTY && !opts.json && !opts.quiet;
  let stop = false;
  const onSig = () => {
    if (stop) process.exit(130);
    stop = true;
    process.stderr.write("\npressroom: stopping after the current file (Ctrl-C again to quit now)\n");
  };
  process.on("SIGINT", onSig);
  process.on("SIGTERM", onSig);
  const bar = tty
    ? new cliProgress.SingleBar({
        stream: process.stderr,
        format: "importing [{bar}] {percentage}% | {value}/{total} files | {rate} files/s | ETA {eta_formatted}",
        hideCursor: true,
        clearOnComplete: true,
      }, cliProgress.Presets.shades_classic)
    : null;
  let started = false;
  const t0 = Date.now();
  try {
    return await importPaths(store, paths, {
      shouldStop: () => stop,
      onProgress: ({ done, total }) => {
        if (!bar) return;
        if (!started) { bar.start(total, 0, { rate: "0" }); started = true; }
        const secs = (Date.now() - t0) / 1000;
        bar.update(done, { rate: secs > 0 ? (done / secs).toFixed(1) : "0" });
      },
    });
  } finally {
    if (bar && started) bar.stop();
    process.off("SIGINT", onSig);
    process.off("SIGTERM", onSig);
  }
}

/** Human-readable summary lines of an import run. */
export function formatSummary(s: ImportSummary): string {
  const secs = s.elapsedMs / 1000;
  const lines = [
    `${s.interrupted ? "Stopped early" : "Done"}: ${grouped(s.files)} file${s.files === 1 ? "" : "s"} (${grouped(s.documents)} document${s.documents === 1 ? "" : "s"}), ${(s.bytes / 1e6).toFixed(2)} MB in ${secs.toFixed(1)} s`,
    `  imported:  ${grouped(s.imported)}`,
    `  updated:   ${grouped(s.updated)}`,
    `  unchanged: ${grouped(s.unchanged)}`,
    ...(s.held ? [`  held:      ${grouped(s.held)} (under embargo until the time they state)`] : []),
    `  rejected:  ${grouped(s.rejected.length)}`,
  ];
  for (const r of s.rejected) lines.push(`    ${r.path}: ${r.reason} [${r.code}]`);
  if (s.interrupted) lines.push("Run the same command again to go on where it stopped.");
  return lines.join("\n") + "\n";
}
