#!/usr/bin/env node
/**
 * The `pressroom` command: serve, worker, import, parse, search, stats, and the account
 * and source commands (user, token, source).
 * Configuration: flags, then environment variables, then defaults (see config/config.ts).
 * Errors are one line on stderr with a non-zero exit (1 failure, 2 usage or configuration).
 */
import { Command, CommanderError, Option } from "commander";
import { loadConfig, type ConfigFlags } from "./config/config.js";
import { systemClock } from "./core/clock.js";
import { reportError, EXIT } from "./cli/output.js";
import { PressroomError } from "./core/errors.js";
import type { ParseFormat } from "./cli/parse.js";
import type { SearchFlags } from "./cli/query-commands.js";
import type { Config } from "./config/config.js";
import type { Clock } from "./core/clock.js";
import type { CliKit } from "./cli/kit.js";
import { registerAccountCommands } from "./cli/account-commands.js";
import { registerSourceCommands } from "./cli/source-commands.js";
import { registerTopicCommands } from "./cli/topic-commands.js";
import { registerArchiveCommands } from "./cli/archive-commands.js";
// Loaded first: in a web process of `serve --processes N` it starts listening for the primary's shutdown request.
import { MAX_PROCESSES, isClusterChild, runPrimary } from "./cli/cluster.js";

// Commands load their modules on demand, so `pressroom parse` starts without loading
// the database driver or the web server.
const openStore = async (config: Config, clock: Clock, create = true) => (await import("./cli/context.js")).openStore(config, clock, { create });

const program = new Command();
program
  .name("pressroom")
  .description("Pressroom: a self-hostable press-release wire and press-briefing archive")
  .version("0.1.0")
  .exitOverride()
  .configureOutput({
    writeErr: (s) => process.stderr.write(s),
    // Usage errors read like every other error: one line, "pressroom: ...".
    outputError: (s, write) => write(`pressroom: ${s.replace(/^error: /, "")}`),
  })
  .showHelpAfterError("(run with --help for usage)");

const withStoreFlags = (c: Command) =>
  c.option("--data-dir <dir>", "folder of the SQLite database (env PRESSROOM_DATA_DIR, default ./data)");

withStoreFlags(program.command("serve"))
  .description("run the wire: web pages, JSON API and feeds")
  .option("--port <n>", "TCP port (env PRESSROOM_PORT, default 8080)")
  .option("--host <host>", "interface to listen on (env PRESSROOM_HOST, default localhost)")
  .option("--base-url <url>", "public base URL for links and feeds (env PRESSROOM_BASE_URL)")
  .option("--websub-hub <url>", "WebSub hub advertised in the feeds (env PRESSROOM_WEBSUB_HUB)")
  .option("--log-level <level>", "JSON log level on stderr: fatal, error, warn, info, debug, trace, silent (env PRESSROOM_LOG_LEVEL, default info)")
  .option("--demo", "load the demo set (sample content) when the archive is empty")
  .option("--no-tasks", "serve only: leave background work (releases, alerts, polling) to `pressroom worker` processes")
  .option("--processes <n>", "number of web processes sharing the port (node cluster; default 1)")
  .action(async (o: ConfigFlags & { demo?: boolean; tasks?: boolean; processes?: string }) => {
    const config = loadConfig(o);
    const processes = o.processes === undefined ? 1 : Number(o.processes);
    if (!Number.isInteger(processes) || processes < 1 || processes > MAX_PROCESSES) {
      throw new PressroomError("PRESSROOM_E_CONFIG", `--processes must be a whole number from 1 to ${MAX_PROCESSES}, got "${o.processes}"`);
    }
    const { runServe, loadDemoIfEmpty } = await import("./cli/serve-command.js");
    if (processes > 1 && !isClusterChild()) {
      // The primary prepares the database once (migrations, demo set), then supervises.
      const store = await openStore(config, systemClock);
      if (o.demo) await loadDemoIfEmpty(store, systemClock.now());
      await store.close();
      const { createLogger } = await import("./ops/logging.js");
      process.exitCode = await runPrimary(processes, createLogger(config.logLevel).child({ process: "primary" }));
      return;
    }
    const store = await openStore(config, systemClock);
    await runServe(store, config, systemClock, { demo: !!o.demo && !isClusterChild(), tasks: o.tasks !== false });
    // Everything the server opened is closed ("stopped" is logged); a handle a library may
    // still hold (a web process's IPC channel to its primary, a driver's idle timer) must not
    // keep a stopped server running.
    process.exit(process.exitCode ?? 0);
  });

withStoreFlags(program.command("worker"))
  .description("run background work: release embargoed and scheduled items, deliver alerts, poll sources")
  .option("--once", "run every task once and exit (for cron and tests)")
  .option("--log-level <level>", "JSON log level on stderr: fatal, error, warn, info, debug, trace, silent (env PRESSROOM_LOG_LEVEL, default info)")
  .action(async (o: ConfigFlags & { once?: boolean }) => {
    const config = loadConfig(o);
    // The worker serves an archive that exists; a mistyped --data-dir is an error, not a new archive.
    const store = await openStore(config, systemClock, false);
    const { runWorker } = await import("./cli/worker-command.js");
    try {
      process.exitCode = await runWorker(store, config, systemClock, { once: !!o.once });
    } finally {
      await store.close();
    }
  });

withStoreFlags(program.command("import"))
  .description("import files and folders (recursively): text, Markdown, HTML pages, RSS items, RSS/Atom feeds")
  .argument("<paths...>", "files or folders")
  .option("--json", "print the summary as JSON")
  .option("--quiet", "no progress bar")
  .action(async (paths: string[], o: ConfigFlags & { json?: boolean; quiet?: boolean }) => {
    const config = loadConfig(o);
    const store = await openStore(config, systemClock);
    try {
      const { runImport, formatSummary } = await import("./cli/import-command.js");
      const s = await runImport(store, paths, { json: !!o.json, quiet: !!o.quiet });
      process.stdout.write(o.json ? JSON.stringify(s, null, 2) + "\n" : formatSummary(s));
      process.exitCode = s.interrupted ? EXIT.interrupted : s.rejected.length > 0 ? EXIT.failure : EXIT.ok;
    } finally {
      await store.close();
    }
  });

program.command("parse")
  .description("print the structure of one document (touches no database)")
  .argument("<file>", "a document, or - for standard input")
  .option("--json", "same as --format json")
  .addOption(new Option("--format <format>", "output format").choices(["json", "text", "webvtt"]))
  .action(async (file: string, o: { json?: boolean; format?: ParseFormat }) => {
    if (o.json && o.format && o.format !== "json") {
      throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `--json and --format ${o.format} disagree; give one of them`);
    }
    const format: ParseFormat = o.format ?? "json";
    const { runParse } = await import("./cli/parse.js");
    process.stdout.write(await runParse(file, format));
  });

withStoreFlags(program.command("search"))
  .description("full-text search: words, \"quoted phrases\", -exclusion, OR")
  .argument("<query>", "the query")
  .option("--section <name>", "only this section")
  .option("--kind <kind>", "only this kind (transcript, press_release, statement, ...)")
  .option("--from <date>", "published on or after (YYYY-MM-DD)")
  .option("--to <date>", "published on or before (YYYY-MM-DD)")
  .option("--sort <order>", "relevance (default) or date")
  .option("--scope <scope>", "search in: all (default), questions or answers (transcript exchanges)")
  .option("--questioner <name>", "only questions asked by this person (with --scope questions/answers)")
  .option("--outlet <name>", "only questions asked for this outlet (with --scope questions/answers)")
  .option("--limit <n>", "results per page, 1-100 (default 20)")
  .option("--offset <n>", "skip this many results")
  .option("--json", "print JSON")
  .action(async (q: string, o: ConfigFlags & SearchFlags) => {
    const config = loadConfig(o);
    const { runSearch, searchQueryFromFlags } = await import("./cli/query-commands.js");
    searchQueryFromFlags(q, o); // bad flags are reported before the archive is opened
    const store = await openStore(config, systemClock, false);
    try {
      process.stdout.write(await runSearch(store, config, q, o));
    } finally {
      await store.close();
    }
  });

withStoreFlags(program.command("stats"))
  .description("the wire's rolling counters and counts per section")
  .option("--json", "print JSON")
  .action(async (o: ConfigFlags & { json?: boolean }) => {
    const config = loadConfig(o);
    const store = await openStore(config, systemClock, false);
    try {
      const { runStats } = await import("./cli/query-commands.js");
      process.stdout.write(await runStats(store, systemClock.now(), !!o.json));
    } finally {
      await store.close();
    }
  });

const kit: CliKit = { withStoreFlags, loadConfig, openStore, clock: systemClock };
registerAccountCommands(program, kit);
registerSourceCommands(program, kit);
registerTopicCommands(program, kit);
registerArchiveCommands(program, kit);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : EXIT.usage;
  } else {
    process.exitCode = reportError(e);
  }
}
