/**
 * Stores for the archive tests (test/db.ts: SQLite files, or PostgreSQL schemas in the
 * PostgreSQL pass), the editorial history every round trip carries, and exports as text.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Clock } from "../../src/core/clock.js";
import type { Item } from "../../src/core/item.js";
import type { Store } from "../../src/store/store.js";
import { exportArchive } from "../../src/archive/export.js";
import { openStoreOn, TEST_DIALECT, type TestDialect } from "../db.js";

/** Open (create) the store named `name` under `dir` on this pass's dialect (or `dialect`). */
export function openAt(dir: string, name: string, clock: Clock, dialect: TestDialect = TEST_DIALECT): Promise<Store> {
  return openStoreOn(dialect, { file: join(dir, `${name}.db`), clock });
}

/** Export `store` into a string (and, when `file` is given, into that file too). */
export async function exportText(store: Store, now: number, file?: string): Promise<string> {
  const chunks: string[] = [];
  await exportArchive(store, async (c) => { chunks.push(c); }, now);
  const text = chunks.join("");
  if (file) writeFileSync(file, text);
  return text;
}

/** The archive without its header's `exported_at` (what must be equal between round trips). */
export function withoutExportTime(text: string): string {
  const nl = text.indexOf("\n");
  const header = JSON.parse(text.slice(0, nl)) as Record<string, unknown>;
  delete header.exported_at;
  return `${JSON.stringify(header)}${text.slice(nl)}`;
}

const H = 3_600_000;
const D = 24 * H;

/** What {@link addEditorialHistory} made, for the assertions of a round trip. */
export interface EditorialHistory {
  /** Token, session and webhook secrets handed out (none may appear in an export). */
  secrets: string[];
  /** Item corrected at T0 + 4 h (version 2). */
  corrected: string;
  /** Item withdrawn at T0 + 5 h. */
  withdrawn: string;
  /** Item still held (embargoed until T0 + 30 days). */
  heldId: string;
  /** Held item released by the worker at T0 + 7 h, posted at its embargo time. */
  releasedId: string;
}

function asInput(it: Item, body: string) {
  return {
    identity: it.identity, contentHash: `${it.contentHash}-corrected`, headline: it.headline, section: it.section, kind: it.kind,
    published: it.published, dateline: it.dateline, source: it.source, body, transcript: it.transcript, groundRules: it.groundRules, flags: it.flags,
  };
}

/**
 * Work on an imported store as editors would, so an archive holds every record type: users
 * (one removed), a token and a session, a correction, a withdrawal, a held and a released
 * item, an edited version with its original, a saved search, a source and an audit entry.
 * `clock` starts at `t0` and is moved forward by hours.
 */
export async function addEditorialHistory(a: Store, clock: Clock & { set(ms: number): void }, t0: number): Promise<EditorialHistory> {
  const secrets: string[] = [];
  clock.set(t0 + 2 * H);
  const admin = await a.accounts.createUser({ name: "Ada.Admin", role: "admin", password: "correct horse battery staple" }, "cli");
  const editor = await a.accounts.createUser({ name: "ed", role: "editor", password: "another long passphrase" }, "cli");
  await a.accounts.createUser({ name: "gone", role: "reader", password: null }, "cli");
  clock.set(t0 + 3 * H);
  await a.accounts.removeUser("gone", "Ada.Admin");
  secrets.push((await a.accounts.createToken("ed", "laptop", "cli")).token);
  secrets.push((await a.accounts.createSession(admin.id)).token);

  const ids: string[] = [];
  for await (const s of a.listAll()) ids.push(s.id);
  const corrected = ids[3]!;
  const withdrawn = ids[7]!;
  clock.set(t0 + 4 * H);
  const it = (await a.get(corrected))!;
  await a.editorial.correct(corrected, asInput(it, `${it.body}\n\nCorrection: an earlier version misstated the date.`), { note: "date corrected", changedBy: "ed", bodyHtml: "<p>Corrected text.</p>" }, "ed");
  clock.set(t0 + 5 * H);
  await a.editorial.withdraw(withdrawn, "published in error", "ed");
  clock.set(t0 + 6 * H);
  const held = await a.editorial.hold({
    input: { ...asInput(it, "The harbour lanternfish survey results are under embargo."), identity: "pressroom:editor:archive-held", headline: "Lanternfish Survey Results", contentHash: "held-1" },
    status: "embargoed", releaseAt: t0 + 30 * D, embargo: "EMBARGOED UNTIL 1 JULY", note: "survey", createdBy: "ed",
  }, "ed");
  // An embargo lifted while the worker was down: released later than its posting time.
  const early = await a.editorial.hold({
    input: { ...asInput(it, "The pier lamps are replaced with lanterns."), identity: "pressroom:editor:archive-released", headline: "Pier Lamps Replaced", contentHash: "held-2" },
    status: "embargoed", releaseAt: t0 + 6 * H + 1000,
  }, "ed");
  clock.set(t0 + 7 * H);
  assert.equal((await a.editorial.releaseDue(t0 + 7 * H)).length, 1);
  // A version whose served text was edited before publication keeps the unedited text and a flag.
  await a.upsert({ ...asInput(it, "The briefer, [name withheld], spoke about ferries."), identity: "guid:archive-redacted", headline: "Ferry Briefing", contentHash: "redacted-1",
    flags: ["leaked_background_name"], original: { body: "The briefer, Pat Example, spoke about ferries.", transcript: null } });
  const { secret } = await a.alerts.createSavedSearch({ userId: editor.id, name: "Lanternfish", query: "lanternfish section:Harbor", webhookUrl: "https://hooks.example.org/lanternfish" }, "ed");
  secrets.push(secret);
  await a.sources.add({ name: "Harbour feed", kind: "feed", location: "https://harbour.example.org/feed.xml", section: "Harbor", intervalS: 600 });
  await a.accounts.audit.record({ actor: "Ada.Admin", action: "item.view_embargoed", itemId: held.held.id, detail: { via: "test" } });
  return { secrets, corrected, withdrawn, heldId: held.held.id, releasedId: early.held.id };
}
