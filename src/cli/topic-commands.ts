/**
 * The `pressroom topics` sub-commands (IPTC Media Topics): `load FILE`, `list [--json]`,
 * `classify [--all] [--json]`. Owner: topics work.
 */
import { PressroomError } from "../core/errors.js";
import type { Store } from "../store/store.js";
import { withStore } from "./tabular.js";
import type { Command } from "commander";
import type { ConfigFlags } from "../config/config.js";
import type { CliKit } from "./kit.js";

/** The attribution line printed with topic labels (the vocabulary is CC BY 4.0, IPTC). */
export const CLI_ATTRIBUTION = "Media Topics by IPTC (https://iptc.org), CC BY 4.0";

/** Add this module's commands to `program`. */
export function registerTopicCommands(program: Command, kit: CliKit): void {
  const topics = program.command("topics").description("IPTC Media Topics: load the vocabulary, list topics, classify items");

  kit.withStoreFlags(topics.command("load"))
    .description("load (or update) the Media Topics vocabulary from a SKOS JSON file, e.g. the IPTC's mediatopic file")
    .argument("<file>", "Media Topics SKOS JSON(-LD) file")
    .option("--json", "print the result as JSON")
    .action(async (file: string, o: ConfigFlags & { json?: boolean }) => {
      await withStore(kit, o, true, async (store) => {
        const { loadVocabularyFile } = await import("../topics/service.js");
        const r = await loadVocabularyFile(store, file);
        if (o.json) process.stdout.write(JSON.stringify({ ...r, attribution: CLI_ATTRIBUTION }, null, 2) + "\n");
        else {
          process.stdout.write(
            `Loaded ${r.total} topics (${r.added} new, ${r.updated} updated, ${r.retired} retired) from the vocabulary released ${r.vocabulary.released ?? "(date not stated)"}.\n` +
            `${CLI_ATTRIBUTION}. Run \`pressroom topics classify\` to give stored items their subjects.\n`,
          );
        }
      });
    });

  kit.withStoreFlags(topics.command("list"))
    .description("list the topics items have, with counts (--all: every loaded topic)")
    .option("--all", "every loaded topic, not only those in use")
    .option("--json", "print JSON")
    .action(async (o: ConfigFlags & { json?: boolean; all?: boolean }) => {
      await withStore(kit, o, false, async (store) => {
        const vocab = await requireVocabulary(store);
        const used = await store.topics.inUse();
        const counts = new Map(used.map((t) => [t.qcode, t.count]));
        const list = o.all ? (await store.topics.list()).map((t) => ({ ...t, count: counts.get(t.qcode) ?? 0 })) : used;
        if (o.json) {
          process.stdout.write(JSON.stringify({ attribution: CLI_ATTRIBUTION, vocabulary: vocab, topics: list.map((t) => ({ qcode: t.qcode, uri: t.uri, name: t.label, level: t.level, broader: t.broader, count: t.count })) }, null, 2) + "\n");
        } else {
          // A tree: each topic under its broader one, the most used first at every level.
          const kids = new Map<string | null, typeof list>();
          const listed = new Set(list.map((t) => t.qcode));
          for (const t of list) {
            const parent = t.broader && listed.has(t.broader) ? t.broader : null;
            kids.set(parent, [...(kids.get(parent) ?? []), t]);
          }
          const lines: string[] = [];
          const walk = (parent: string | null, depth: number) => {
            for (const t of (kids.get(parent) ?? []).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))) {
              lines.push(`${t.qcode}  ${"  ".repeat(depth)}${t.label}  (${t.count})`);
              walk(t.qcode, depth + 1);
            }
          };
          walk(null, 0);
          process.stdout.write((lines.length ? lines.join("\n") : "No item has a topic yet; run: pressroom topics classify") + `\n${CLI_ATTRIBUTION}\n`);
        }
      });
    });

  kit.withStoreFlags(topics.command("classify"))
    .description("give items their Media Topics: items not classified yet (--all: every item again)")
    .option("--all", "classify every item again")
    .option("--json", "print the result as JSON")
    .action(async (o: ConfigFlags & { json?: boolean; all?: boolean }) => {
      await withStore(kit, o, false, async (store) => {
        await requireVocabulary(store);
        const { classifyPending } = await import("../topics/service.js");
        const r = await classifyPending(store, { all: !!o.all });
        if (o.json) process.stdout.write(JSON.stringify(r) + "\n");
        else process.stdout.write(`Classified ${r.classified} item(s); ${r.withSubjects} got at least one subject.${r.skipped ? ` ${r.skipped} changed meanwhile and will be classified again.` : ""}\n`);
      });
    });
}

/**
 * The loaded vocabulary's description.
 * @throws PressroomError `PRESSROOM_E_NOT_FOUND` when none is loaded (with the command that loads one).
 */
async function requireVocabulary(store: Store) {
  const vocab = await store.topics.vocabulary();
  if (!vocab) throw new PressroomError("PRESSROOM_E_NOT_FOUND", "no Media Topics vocabulary loaded; run: pressroom topics load FILE");
  return vocab;
}
