/**
 * The Pressroom archive format (issue 5), version 1: JSON Lines, UTF-8, one JSON object per
 * line, every line ended by `\n`. Documented in docs/archive.md. Pure: parsing and checking
 * of single lines, no I/O.
 *
 * Line 1 is the {@link ArchiveHeader}; then records, each with a `type`, in this order:
 * `user`, `item`, `held`, `saved_search`, `source`, `audit` ({@link RECORD_ORDER}).
 * Record bodies are the store's archive shapes (`store/archive.ts`) plus `type`.
 */
import { PressroomError } from "../core/errors.js";
import type {
  ArchiveCounts, ArchivedAudit, ArchivedHeld, ArchivedItem, ArchivedSavedSearch, ArchivedSource, ArchivedUser,
} from "../store/archive.js";

/** Value of the header's `format`. */
export const ARCHIVE_FORMAT = "pressroom-archive";
/** The format version this code writes and reads. */
export const ARCHIVE_VERSION = 1;

/** First line of an archive. */
export interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT;
  version: typeof ARCHIVE_VERSION;
  /** When the export started, ISO 8601 UTC. */
  exported_at: string;
  /** Number of records of each type that follow. */
  counts: ArchiveCounts;
}

/** Record types, in the order they appear in an archive. */
export const RECORD_ORDER = ["user", "item", "held", "saved_search", "source", "audit"] as const;
export type RecordType = (typeof RECORD_ORDER)[number];

/** One record line, decoded. */
export type ArchiveRecord =
  | ({ type: "user" } & ArchivedUser)
  | ({ type: "item" } & ArchivedItem)
  | ({ type: "held" } & ArchivedHeld)
  | ({ type: "saved_search" } & ArchivedSavedSearch)
  | ({ type: "source" } & ArchivedSource)
  | ({ type: "audit" } & ArchivedAudit);

/** Encode one record or the header as a line (with its `\n`). */
export function encodeLine(value: ArchiveHeader | ArchiveRecord): string {
  return `${JSON.stringify(value)}\n`;
}

/** A malformed archive: `PRESSROOM_E_TRUNCATED` with the 1-based line number first in the message. */
export function badLine(line: number, message: string): PressroomError {
  return new PressroomError("PRESSROOM_E_TRUNCATED", `archive line ${line}: ${message}`, { line });
}

type Obj = Record<string, unknown>;

/** Field checks that name the path of a bad field. */
class Check {
  constructor(private readonly line: number) {}
  fail(path: string, what: string): never {
    throw badLine(this.line, `${path} ${what}`);
  }
  obj(v: unknown, path: string): Obj {
    if (v === null || typeof v !== "object" || Array.isArray(v)) this.fail(path, "must be an object");
    return v as Obj;
  }
  str(o: Obj, k: string, path: string, nonEmpty = false): string {
    const v = o[k];
    if (typeof v !== "string") this.fail(`${path}.${k}`, "must be a string");
    if (nonEmpty && v === "") this.fail(`${path}.${k}`, "must not be empty");
    return v;
  }
  strOrNull(o: Obj, k: string, path: string): void {
    if (o[k] !== null && typeof o[k] !== "string") this.fail(`${path}.${k}`, "must be a string or null");
  }
  int(o: Obj, k: string, path: string, min = Number.MIN_SAFE_INTEGER): number {
    const v = o[k];
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min) this.fail(`${path}.${k}`, min === 0 ? "must be a whole number ≥ 0" : min === 1 ? "must be a whole number ≥ 1" : "must be a whole number (epoch ms)");
    return v;
  }
  intOrNull(o: Obj, k: string, path: string): void {
    if (o[k] !== null) this.int(o, k, path);
  }
  bool(o: Obj, k: string, path: string): void {
    if (typeof o[k] !== "boolean") this.fail(`${path}.${k}`, "must be true or false");
  }
  objField(o: Obj, k: string, path: string): Obj {
    return this.obj(o[k], `${path}.${k}`);
  }
  objOrNull(o: Obj, k: string, path: string): void {
    if (o[k] !== null) this.objField(o, k, path);
  }
  oneOf(o: Obj, k: string, path: string, values: readonly string[]): void {
    if (typeof o[k] !== "string" || !values.includes(o[k] as string)) this.fail(`${path}.${k}`, `must be one of ${values.join(", ")}`);
  }
}

function checkVersion(c: Check, v: Obj, path: string): void {
  c.int(v, "storedAt", path);
  c.str(v, "contentHash", path, true);
  c.str(v, "headline", path);
  c.strOrNull(v, "section", path);
  c.str(v, "kind", path, true);
  c.strOrNull(v, "published", path);
  c.strOrNull(v, "dateline", path);
  const src = c.objField(v, "source", path);
  c.str(src, "format", `${path}.source`, true);
  c.objField(v, "groundRules", path);
  c.str(v, "body", path);
  c.strOrNull(v, "bodyHtml", path);
  c.objOrNull(v, "transcript", path);
  if (!Array.isArray(v.flags) || !v.flags.every((f) => typeof f === "string")) c.fail(`${path}.flags`, "must be an array of strings");
  c.strOrNull(v, "note", path);
  c.oneOf(v, "pubstatus", path, ["usable", "canceled"]);
  c.strOrNull(v, "changedBy", path);
  if (v.original !== null) {
    const o = c.objField(v, "original", path);
    c.str(o, "body", `${path}.original`);
    c.objOrNull(o, "transcript", `${path}.original`);
  }
}

const COUNT_KEYS = RECORD_ORDER;

/**
 * Decode and check the header line.
 * @throws PressroomError `PRESSROOM_E_UNSUPPORTED` (not a Pressroom archive, or another
 *   version), `PRESSROOM_E_TRUNCATED` (not JSON, bad counts), naming line 1.
 */
export function parseHeader(text: string): ArchiveHeader {
  let v: unknown;
  try { v = JSON.parse(text); } catch { throw badLine(1, "not JSON: the first line must be the archive header"); }
  const c = new Check(1);
  if (v === null || typeof v !== "object" || Array.isArray(v) || (v as Obj).format !== ARCHIVE_FORMAT) {
    throw new PressroomError("PRESSROOM_E_UNSUPPORTED", `archive line 1: not a Pressroom archive (the header's format must be "${ARCHIVE_FORMAT}")`, { line: 1 });
  }
  const h = v as Obj;
  if (h.version !== ARCHIVE_VERSION) {
    throw new PressroomError("PRESSROOM_E_UNSUPPORTED", `archive line 1: archive format version ${JSON.stringify(h.version)} is not supported (this Pressroom reads version ${ARCHIVE_VERSION})`, { line: 1 });
  }
  const at = c.str(h, "exported_at", "header");
  if (!Number.isFinite(Date.parse(at))) c.fail("header.exported_at", "must be an ISO 8601 time");
  const counts = c.objField(h, "counts", "header");
  for (const k of COUNT_KEYS) c.int(counts, k, "header.counts", 0);
  return h as unknown as ArchiveHeader;
}

/**
 * Decode and check one record line (line `line`, 1-based). Checks every field the restore
 * needs (types, version numbering 1..n); nested documents (transcript structure, ground
 * rules, saved-search filters, a held item's input beyond its identity) only for being objects.
 * @throws PressroomError `PRESSROOM_E_TRUNCATED` naming the line and the field.
 */
export function parseRecord(text: string, line: number): ArchiveRecord {
  let v: unknown;
  try { v = JSON.parse(text); } catch { throw badLine(line, text.trim() === "" ? "empty line" : "not JSON"); }
  const c = new Check(line);
  const o = c.obj(v, "record");
  const type = o.type;
  if (typeof type !== "string" || !(RECORD_ORDER as readonly string[]).includes(type)) {
    c.fail("record.type", `${JSON.stringify(type)} is not a record type (expected one of ${RECORD_ORDER.join(", ")})`);
  }
  const p = type as string;
  switch (type as RecordType) {
    case "user":
      c.int(o, "id", p, 1); c.str(o, "name", p, true); c.str(o, "role", p, true); c.int(o, "createdAt", p); c.intOrNull(o, "removedAt", p);
      break;
    case "item": {
      c.str(o, "id", p, true); c.str(o, "identity", p, true); c.int(o, "postedAt", p);
      if (!Array.isArray(o.versions) || o.versions.length === 0) c.fail(`${p}.versions`, "must be a non-empty array");
      (o.versions as unknown[]).forEach((x, i) => {
        const path = `${p}.versions[${i}]`;
        const ver = c.obj(x, path);
        if (ver.version !== i + 1) c.fail(`${path}.version`, `must be ${i + 1} (versions are numbered 1..n in order)`);
        checkVersion(c, ver, path);
      });
      break;
    }
    case "held": {
      c.str(o, "id", p, true); c.str(o, "identity", p, true);
      const input = c.objField(o, "input", p);
      c.str(input, "identity", `${p}.input`, true);
      c.oneOf(o, "status", p, ["embargoed", "scheduled", "withheld"]);
      c.intOrNull(o, "releaseAt", p); c.strOrNull(o, "embargo", p); c.strOrNull(o, "createdBy", p);
      c.int(o, "createdAt", p); c.int(o, "updatedAt", p); c.strOrNull(o, "note", p); c.strOrNull(o, "targetId", p); c.strOrNull(o, "bodyHtml", p);
      break;
    }
    case "saved_search":
      c.int(o, "id", p, 1); c.int(o, "userId", p, 1); c.str(o, "name", p); c.str(o, "query", p); c.str(o, "text", p);
      c.objField(o, "filters", p); c.str(o, "webhookUrl", p, true); c.int(o, "createdAt", p); c.bool(o, "active", p);
      break;
    case "source": {
      c.int(o, "id", p, 1); c.str(o, "name", p); c.oneOf(o, "kind", p, ["feed", "html-index", "folder", "email-folder"]);
      c.str(o, "location", p, true); c.strOrNull(o, "section", p); c.strOrNull(o, "selector", p);
      c.int(o, "intervalS", p, 1); c.int(o, "createdAt", p);
      const s = c.objField(o, "state", p);
      const sp = `${p}.state`;
      c.strOrNull(s, "etag", sp); c.strOrNull(s, "lastModified", sp); c.intOrNull(s, "lastPolledAt", sp); c.intOrNull(s, "lastSuccessAt", sp);
      c.strOrNull(s, "lastError", sp); c.intOrNull(s, "lastErrorAt", sp); c.int(s, "consecutiveFailures", sp, 0); c.int(s, "nextPollAt", sp); c.int(s, "itemsSeen", sp, 0);
      break;
    }
    case "audit":
      c.int(o, "id", p, 1); c.int(o, "at", p); c.str(o, "actor", p, true); c.str(o, "action", p, true); c.strOrNull(o, "itemId", p); c.objField(o, "detail", p);
      break;
  }
  return o as unknown as ArchiveRecord;
}
