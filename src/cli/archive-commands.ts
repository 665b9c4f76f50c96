/**
 * `pressroom export [--output FILE]` and `pressroom import-archive FILE|-` (issue 5): the
 * whole archive as JSON Lines (docs/archive.md). Errors are one line
 * (`pressroom: message [CODE]`), exit 1.
 */
import { createWriteStream } from "node:fs";
import { mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { Writable } from "node:stream";
import type { Command } from "commander";
import type { ConfigFlags } from "../config/config.js";
import type { CliKit } from "./kit.js";
import { RECORD_ORDER } from "../archive/format.js";

/** A sink over a Node stream that waits for `drain` when the stream's buffer is full. */
function streamSink(out: Writable): (chunk: string) => Promise<void> {
  return (chunk) => new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    out.once("error", onError);
    const ok = out.write(chunk, "utf8");
    const done = () => { out.off("error", onError); resolve(); };
    if (ok) done(); else out.once("drain", done);
  });
}

/** Register `export` and `import-archive` on `program`. */
export function registerArchiveCommands(program: Command, kit: CliKit): void {
  kit.withStoreFlags(program.command("export"))
    .description("write the whole archive (items with every version, held items, users without secrets, saved searches, sources, audit log) as JSON Lines")
    .option("--output <file>", "write to this file (default: standard output)")
    .action(async (o: ConfigFlags & { output?: string }) => {
      const config = kit.loadConfig(o);
      const store = await kit.openStore(config, kit.clock, false);
      const { exportArchive } = await import("../archive/export.js");
      try {
        if (!o.output) {
          await exportArchive(store, streamSink(process.stdout), kit.clock.now());
          return;
        }
        // Written beside the target and renamed at the end: a failed export leaves no half file.
        const partial = `${o.output}.partial`;
        const out = createWriteStream(partial, { flags: "w" });
        try {
          await exportArchive(store, streamSink(out), kit.clock.now());
          await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
          await rename(partial, o.output);
        } catch (e) {
          out.destroy();
          await rm(partial, { force: true });
          throw e;
        }
      } finally {
        await store.close();
      }
    });

  kit.withStoreFlags(program.command("import-archive"))
    .description("restore an archive written by `pressroom export` into an empty archive")
    .argument("<file>", "the archive, or - for standard input")
    .option("--json", "print the summary as JSON")
    .action(async (file: string, o: ConfigFlags & { json?: boolean }) => {
      const config = kit.loadConfig(o);
      let path = file;
      let spool: string | null = null;
      if (file === "-") {
        // The archive is read twice (check, then restore): standard input goes to a temporary file first.
        spool = await mkdtemp(join(tmpdir(), "pressroom-archive-"));
        path = join(spool, "archive.jsonl");
        await pipeline(process.stdin, createWriteStream(path));
      }
      try {
        const store = await kit.openStore(config, kit.clock, true);
        try {
          const { importArchive } = await import("../archive/import.js");
          const s = await importArchive(store, path);
          if (o.json) {
            process.stdout.write(`${JSON.stringify({ exportedAt: s.header.exported_at, restored: s.restored }, null, 2)}\n`);
          } else {
            const parts = RECORD_ORDER.map((k) => `${k}: ${s.restored[k]}`).join(", ");
            process.stdout.write(`Restored from the archive exported ${s.header.exported_at}: ${parts}.\n` +
              "Users have no password and no API token: create tokens with `pressroom token create`. " +
              "Saved searches have new webhook secrets. Run `pressroom topics classify` to give items their subjects.\n");
          }
        } finally {
          await store.close();
        }
      } finally {
        if (spool) await rm(spool, { recursive: true, force: true });
      }
    });
}
