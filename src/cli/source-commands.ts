/**
 * The `pressroom source` commands: register, list, remove and try ingest sources (feeds,
 * HTML index pages, watched folders, e-mail drop folders). Polling itself runs in
 * `pressroom worker` (`--once` polls every due source once). Errors are one line; exit 2
 * for usage (bad URL, path, kind, interval or id), 1 for failures (no such source, a
 * source with that location exists, a test fetch that failed).
 */
import { iso, positiveId, table, withStore as withStoreOf } from "./tabular.js";
import type { Command } from "commander";
import { PressroomError } from "../core/errors.js";
import type { ConfigFlags } from "../config/config.js";
import type { Source } from "../store/sources.js";
import type { Store } from "../store/store.js";
import type { CliKit } from "./kit.js";


/** A source as `source list --json` prints it (times ISO 8601 UTC, or null). */
export function sourceJson(s: Source): Record<string, unknown> {
  const t = (ms: number | null) => (ms === null ? null : iso(ms));
  return {
    id: s.id, name: s.name, kind: s.kind, location: s.location, section: s.section, selector: s.selector, interval_s: s.intervalS, created: t(s.createdAt),
    state: {
      last_polled: t(s.state.lastPolledAt), last_success: t(s.state.lastSuccessAt), last_error: s.state.lastError, last_error_at: t(s.state.lastErrorAt),
      consecutive_failures: s.state.consecutiveFailures, next_poll: t(s.state.nextPollAt), items_seen: s.state.itemsSeen, etag: s.state.etag, last_modified: s.state.lastModified,
    },
  };
}

/** `source list` output. */
export function formatSources(sources: Source[], json: boolean): string {
  if (json) return JSON.stringify(sources.map(sourceJson), null, 2) + "\n";
  if (sources.length === 0) return "no sources yet; add one with: pressroom source add URL\n";
  const state = (s: Source) => (s.state.consecutiveFailures > 0 ? `failing x${s.state.consecutiveFailures}: ${s.state.lastError ?? ""}` : s.state.lastSuccessAt === null ? "never polled" : "ok");
  return table([
    ["ID", "KIND", "NAME", "SECTION", "EVERY", "ITEMS", "LAST SUCCESS", "NEXT POLL", "LOCATION", "STATE"],
    ...sources.map((s) => [String(s.id), s.kind, s.name, s.section ?? "-", `${s.intervalS}s`, String(s.state.itemsSeen), iso(s.state.lastSuccessAt), iso(s.state.nextPollAt), s.location, state(s)]),
  ]);
}

const sourceId = (s: string): number => positiveId(s, "source");

/** Add this module's commands to `program`. */
export function registerSourceCommands(program: Command, kit: CliKit): void {
  const withStore = <T>(o: ConfigFlags, create: boolean, fn: (store: Store) => Promise<T>): Promise<T> => withStoreOf(kit, o, create, fn);
  const source = program.command("source").description("manage ingest sources: feeds, HTML index pages, watched folders, e-mail drop folders");

  kit.withStoreFlags(source.command("add"))
    .description("register a source; it is polled by pressroom worker (at once, then every --interval seconds)")
    .argument("<target>", "feed or index-page URL (http/https), or folder path")
    .option("--name <name>", "display name (default: the URL's host or the folder's name)")
    .option("--section <section>", "section for items that name none")
    .option("--kind <kind>", "feed (RSS/Atom/JSON Feed, default for URLs), html-index, folder (default for paths), email-folder")
    .option("--selector <css>", "html-index: CSS selector of the article links (default: every link)")
    .option("--interval <seconds>", "poll interval, 60-604800 (default 900)")
    .action(async (target: string, o: ConfigFlags & { name?: string; section?: string; kind?: string; selector?: string; interval?: string }) => {
      const { sourceFromSpec } = await import("../sources/registry.js");
      const spec = sourceFromSpec({ target, name: o.name, section: o.section, kind: o.kind, selector: o.selector, interval: o.interval });
      const s = await withStore(o, true, (st) => st.sources.add(spec));
      process.stdout.write(`added source ${s.id}: ${s.name} (${s.kind}, every ${s.intervalS}s) ${s.location}\n`);
    });

  kit.withStoreFlags(source.command("list"))
    .description("list sources with their polling state")
    .option("--json", "print JSON")
    .action(async (o: ConfigFlags & { json?: boolean }) => {
      const sources = await withStore(o, false, (st) => st.sources.list());
      process.stdout.write(formatSources(sources, !!o.json));
    });

  kit.withStoreFlags(source.command("remove"))
    .description("stop polling a source (items already stored stay)")
    .argument("<id>", "source id (see source list)")
    .action(async (id: string, o: ConfigFlags) => {
      const n = sourceId(id);
      const removed = await withStore(o, false, (st) => st.sources.remove(n));
      if (!removed) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no source ${n} (see pressroom source list)`);
      process.stdout.write(`removed source ${n}; its items stay in the archive\n`);
    });

  kit.withStoreFlags(source.command("test"))
    .description("fetch and read a source once and print what would be imported; stores nothing")
    .argument("<id-or-target>", "a source id, or a URL or folder path that is not registered")
    .option("--kind <kind>", "with a URL or path: the kind, as for source add")
    .option("--selector <css>", "with a URL: html-index link selector")
    .option("--json", "print JSON")
    .action(async (arg: string, o: ConfigFlags & { kind?: string; selector?: string; json?: boolean }) => {
      const { sourceFromSpec, testSource, unregisteredSource } = await import("../sources/registry.js");
      let report;
      let label: string;
      if (/^\d+$/.test(arg)) {
        const n = sourceId(arg);
        report = await withStore(o, false, async (st) => {
          const s = await st.sources.get(n);
          if (!s) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no source ${n} (see pressroom source list)`);
          label = `source ${s.id} (${s.name})`;
          return testSource(s, st.sources);
        });
      } else {
        const spec = sourceFromSpec({ target: arg, kind: o.kind, selector: o.selector });
        label = spec.location;
        report = await testSource(unregisteredSource(spec));
      }
      if (o.json) {
        process.stdout.write(JSON.stringify(report, null, 2) + "\n");
      } else {
        const lines = [`${label!}: ${report.entries.length} entr${report.entries.length === 1 ? "y" : "ies"}${report.notModified ? " (not modified)" : ""}; nothing stored`];
        for (const e of report.entries) lines.push(`  ${e.status.padEnd(9)} ${(e.published ?? "-").padEnd(25)} ${e.kind.padEnd(13)} ${e.headline}${e.url ? `  <${e.url}>` : ""}`);
        for (const n of report.notes) lines.push(`  note: ${n}`);
        for (const r of report.rejected) lines.push(`  rejected: ${r.reason} [${r.code}]`);
        process.stdout.write(lines.join("\n") + "\n");
      }
      if (report.rejected.length > 0) process.exitCode = 1;
    });
}
