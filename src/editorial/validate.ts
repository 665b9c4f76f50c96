/**
 * Validation of an editor's ninjs item (the body of `POST /api/v1/items`, `PUT /api/v1/items/:id`
 * and the editor's web forms, which are mapped to the same shape). Pure: the caller passes
 * "now" and the identity.
 *
 * Accepted fields (IPTC ninjs 2.1 names where ninjs has one; unknown fields are ignored):
 * - `headline` (string) or `headlines: [{role: "main", value}]`: required, 1..500 characters;
 * - `body_text` (plain text, paragraphs separated by blank lines) and/or `body_html` (HTML,
 *   sanitised with the editorial allow-list; never trusted), or `bodies: [{contenttype, value}]`;
 *   at most {@link MAX_BODY_CHARS} characters each; at least one must have text;
 * - `located` → dateline (≤ 200); `contentcreated` (ISO 8601) → the stated publication time;
 * - `pressroom:section` (≤ 200), `pressroom:kind` (one of `KINDS`, default `press_release`);
 * - `embargoed`: ISO 8601 with an offset (`Z` or `±hh:mm`), in the future → held as embargoed;
 * - `pressroom:release_at`: the same form → held as scheduled (editors only until then);
 * - `pubstatus`: `usable` (default) or `withheld` (held for editors until an editor releases it);
 * - `pressroom:note` or `ednote`: what changed (required for corrections, ≤ 2000);
 * - `pressroom:groundrules`: `{basis, attribute_to}`; `pressroom:override_reason` (≤ 2000).
 * Fields that look like a release plan but are not `embargoed` / `pressroom:release_at`
 * (`embargo`, `Embargoed`, `release_at`, ...) are refused, so a typo never publishes at once.
 * Errors: `PressroomError` `PRESSROOM_E_BAD_REQUEST` with a message naming the field.
 */
import { createHash } from "node:crypto";
import { parseHTML } from "linkedom";
import { PressroomError } from "../core/errors.js";
import type { Document } from "../core/document.js";
import type { ItemInput } from "../core/item.js";
import { BASES, KINDS, type Basis, type GroundRules, type Kind } from "../core/transcript-types.js";
import { sanitizeBodyHtml } from "../publish/sanitize.js";
import { analyze } from "../transcript/index.js";

import { MAX_BODY_CHARS, MAX_HEADLINE_CHARS, MAX_NOTE_CHARS } from "./limits.js";

export { MAX_BODY_CHARS, MAX_HEADLINE_CHARS, MAX_NOTE_CHARS };

/** When an editor's item goes out. Times are epoch ms (UTC). */
export type ReleasePlan =
  | { kind: "now" }
  | { kind: "embargoed"; at: number; stated: string }
  | { kind: "scheduled"; at: number }
  | { kind: "withheld" };

/** What a correction keeps from the current item unless the body says otherwise. */
export interface EditorialBase {
  kind: Kind;
  section: string | null;
  dateline: string | null;
  published: string | null;
  source: ItemInput["source"];
  flags: string[];
  groundRules: GroundRules;
}

/** A validated editor submission. */
export interface EditorialRequest {
  input: ItemInput;
  /** Sanitised HTML body, or null when only plain text was given. */
  bodyHtml: string | null;
  release: ReleasePlan;
  /** `pressroom:note` / `ednote`, trimmed, or null. */
  note: string | null;
  /** `pressroom:override_reason`, trimmed, or null. */
  overrideReason: string | null;
}

function bad(message: string): PressroomError {
  return new PressroomError("PRESSROOM_E_BAD_REQUEST", message);
}

function str(body: Record<string, unknown>, key: string, max: number): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw bad(`${key} must be a string`);
  if (v.length > max) throw bad(`${key} is too long (${max.toLocaleString("en-US")} characters at most)`);
  return v;
}

/** ISO 8601 date-time WITH an offset (Z or ±hh:mm / ±hhmm). */
const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Epoch ms of an ISO 8601 date-time with an offset.
 * @throws `PRESSROOM_E_BAD_REQUEST` naming `field` when it is not one (a time without an offset is ambiguous).
 */
export function parseIsoWithOffset(field: string, value: string): number {
  const m = ISO_WITH_OFFSET.exec(value.trim());
  if (!m) throw bad(`${field} must be an ISO 8601 date-time with an offset, e.g. 2026-05-05T10:00:00-04:00 or 2026-05-05T14:00:00Z`);
  const [, y, mo, d, h, mi, s] = m;
  if (+mo! < 1 || +mo! > 12 || +d! < 1 || +d! > 31 || +h! > 23 || +mi! > 59 || (s !== undefined && +s > 59)) throw bad(`${field} is not a real date and time`);
  const probe = new Date(Date.UTC(+y!, +mo! - 1, +d!));
  if (probe.getUTCDate() !== +d!) throw bad(`${field} is not a real date`);
  let norm = value.trim();
  const off = m[7]!;
  if (/^[+-]\d{4}$/.test(off)) norm = norm.slice(0, -5) + `${off.slice(0, 3)}:${off.slice(3)}`;
  const ms = Date.parse(norm);
  if (!Number.isFinite(ms)) throw bad(`${field} is not a real date and time`);
  return ms;
}

/** Plain text of sanitised HTML: one paragraph per block element, white space collapsed. */
export function htmlToText(html: string): string {
  if (!html) return "";
  const marked = html.replace(/<\/(?:p|h[1-6]|li|blockquote|tr|table|ul|ol|caption)>|<br\s*\/?>/gi, (t) => `${t}\u2029`);
  const { document } = parseHTML(`<!doctype html><html><body><div id="x">${marked}</div></body></html>`);
  const text = document.getElementById("x")?.textContent ?? "";
  return text.split("\u2029").map((s: string) => s.replace(/\s+/g, " ").trim()).filter((s: string) => s.length > 0).join("\n\n");
}

/** Normalise submitted plain text: CRLF → LF, paragraphs separated by one blank line, lines trimmed. */
function normaliseText(t: string): string {
  return t.replace(/\r\n?/g, "\n").split(/\n\s*\n/).map((p) => p.split("\n").map((l) => l.trim()).join("\n").trim()).filter((p) => p.length > 0).join("\n\n");
}

function groundRulesOf(v: unknown): GroundRules | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw bad("pressroom:groundrules must be an object {basis, attribute_to}");
  const o = v as Record<string, unknown>;
  const basis = o.basis ?? null;
  if (basis !== null && !(BASES as readonly unknown[]).includes(basis)) throw bad(`pressroom:groundrules.basis must be one of ${BASES.join(", ")} or null`);
  const attr = o.attribute_to ?? null;
  if (attr !== null && (typeof attr !== "string" || attr.length > 200)) throw bad("pressroom:groundrules.attribute_to must be a string of at most 200 characters");
  return { basis: basis as Basis | null, attribute_to: attr as string | null };
}

/**
 * Validate an editor's ninjs item.
 * @param raw the parsed JSON body (or the mapped form fields).
 * @param opts.now "now" (epoch ms, UTC): embargo and release times must be after it.
 * @param opts.identity the identity to give the item (`pressroom:editor:<uuid>` for a new one).
 * @param opts.mode `create` allows release plans; `correct` requires a note and refuses
 *   embargo / release / pubstatus fields (a correction is published at once).
 * @param opts.base for a correction: the current item, whose kind, stated publication time,
 *   source, flags, ground rules, section and dateline are kept unless the body gives new ones.
 * @throws `PRESSROOM_E_BAD_REQUEST` with a message naming the field.
 */
export function parseEditorialItem(raw: unknown, opts: { now: number; identity: string; mode: "create" | "correct"; base?: EditorialBase }): EditorialRequest {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw bad("the body must be a JSON object (a ninjs item)");
  const body = raw as Record<string, unknown>;

  let headline = str(body, "headline", MAX_HEADLINE_CHARS);
  if (headline === undefined && body.headlines !== undefined) {
    if (!Array.isArray(body.headlines)) throw bad("headlines must be an array of {role, value}");
    const main = (body.headlines as unknown[]).find((h) => h && typeof h === "object" && ((h as Record<string, unknown>).role ?? "main") === "main") as Record<string, unknown> | undefined;
    if (main && typeof main.value !== "string") throw bad("headlines[].value must be a string");
    headline = main?.value as string | undefined;
    if (headline !== undefined && headline.length > MAX_HEADLINE_CHARS) throw bad(`headline is too long (${MAX_HEADLINE_CHARS} characters at most)`);
  }
  headline = (headline ?? "").replace(/\s+/g, " ").trim();
  if (!headline) throw bad("headline is required and must not be empty");

  let bodyText = str(body, "body_text", MAX_BODY_CHARS);
  let bodyHtmlRaw = str(body, "body_html", MAX_BODY_CHARS);
  if (body.bodies !== undefined) {
    if (!Array.isArray(body.bodies)) throw bad("bodies must be an array of {contenttype, value}");
    for (const b of body.bodies as unknown[]) {
      if (!b || typeof b !== "object") throw bad("bodies[] must be objects {contenttype, value}");
      const o = b as Record<string, unknown>;
      if (typeof o.value !== "string") throw bad("bodies[].value must be a string");
      if (o.value.length > MAX_BODY_CHARS) throw bad(`a body is too long (${MAX_BODY_CHARS.toLocaleString("en-US")} characters at most)`);
      if (o.contenttype === "text/html") bodyHtmlRaw ??= o.value;
      else bodyText ??= o.value;
    }
  }
  const bodyHtml = bodyHtmlRaw !== undefined ? sanitizeBodyHtml(bodyHtmlRaw) : "";
  const text = bodyText !== undefined && bodyText.trim() !== "" ? normaliseText(bodyText) : htmlToText(bodyHtml);
  if (!text) throw bad("the item needs a body: body_text or body_html with some text");

  // A correction keeps the section and dateline it does not mention ("" or null clears them).
  const dateline = body.located === undefined && opts.base ? opts.base.dateline : str(body, "located", 200)?.trim() || null;
  const section = body["pressroom:section"] === undefined && opts.base ? opts.base.section : str(body, "pressroom:section", 200)?.replace(/\s+/g, " ").trim() || null;
  const kindRaw = body["pressroom:kind"] ?? opts.base?.kind ?? "press_release";
  if (typeof kindRaw !== "string" || !(KINDS as readonly string[]).includes(kindRaw)) throw bad(`pressroom:kind must be one of ${KINDS.join(", ")}`);
  let kind = kindRaw as Kind;
  const contentcreated = str(body, "contentcreated", 64);
  if (contentcreated !== undefined) parseIsoWithOffset("contentcreated", contentcreated);

  const noteRaw = str(body, "pressroom:note", MAX_NOTE_CHARS) ?? str(body, "ednote", MAX_NOTE_CHARS);
  const note = noteRaw?.trim() || null;
  const overrideReason = str(body, "pressroom:override_reason", MAX_NOTE_CHARS)?.trim() || null;
  const explicitRules = groundRulesOf(body["pressroom:groundrules"]);

  // A misspelt or mistyped release field must not publish at once: fields that look like a
  // release plan but are not one of ours are refused, and null is not "no embargo".
  for (const key of Object.keys(body)) {
    if (/embarg|release|schedul|publish_?at|hold/i.test(key) && key !== "embargoed" && key !== "pressroom:release_at") {
      throw bad(`unknown release field "${key.slice(0, 60)}": use embargoed or pressroom:release_at (ISO 8601 with an offset)`);
    }
  }
  if (body.embargoed === null) throw bad("embargoed must be a string (ISO 8601 with an offset); leave it out for no embargo");
  if (body["pressroom:release_at"] === null) throw bad("pressroom:release_at must be a string (ISO 8601 with an offset); leave it out to release now");
  const embargoed = str(body, "embargoed", 64);
  const releaseAtRaw = str(body, "pressroom:release_at", 64);
  const pubstatus = body.pubstatus ?? "usable";
  if (pubstatus !== "usable" && pubstatus !== "withheld") {
    throw bad(pubstatus === "canceled" ? "to withdraw an item use POST /api/v1/items/{id}/withdraw" : "pubstatus must be usable or withheld");
  }
  let release: ReleasePlan = { kind: "now" };
  if (opts.mode === "correct") {
    if (embargoed !== undefined || releaseAtRaw !== undefined || pubstatus !== "usable") throw bad("a correction is published at once: embargoed, pressroom:release_at and pubstatus are not accepted here");
    if (!note) throw bad("a correction needs a note saying what changed (pressroom:note or ednote)");
  } else {
    const plans = [embargoed !== undefined, releaseAtRaw !== undefined, pubstatus === "withheld"].filter(Boolean).length;
    if (plans > 1) throw bad("choose one of embargoed, pressroom:release_at and pubstatus withheld");
    if (embargoed !== undefined) {
      const at = parseIsoWithOffset("embargoed", embargoed);
      if (at <= opts.now) throw bad("embargoed must be in the future");
      release = { kind: "embargoed", at, stated: embargoed.trim() };
    } else if (releaseAtRaw !== undefined) {
      const at = parseIsoWithOffset("pressroom:release_at", releaseAtRaw);
      if (at <= opts.now) throw bad("pressroom:release_at must be in the future");
      release = { kind: "scheduled", at };
    } else if (pubstatus === "withheld") release = { kind: "withheld" };
  }

  const published = contentcreated?.trim() ?? (opts.base ? opts.base.published : null) ?? (release.kind === "embargoed" || release.kind === "scheduled" ? new Date(release.at).toISOString() : release.kind === "now" ? new Date(opts.now).toISOString() : null);
  const source = opts.base ? opts.base.source : { path: null, url: null, guid: null, name: null, format: bodyHtml ? ("html" as const) : ("text" as const) };
  const paragraphs = text.split("\n\n");
  // A transcript is parsed like an imported one (speakers, exchanges, ground rules, leaked names).
  let transcript = null;
  let groundRules: GroundRules = explicitRules ?? opts.base?.groundRules ?? { basis: null, attribute_to: null };
  if (kind === "transcript") {
    const doc: Document = { source, title: headline, section, published, dateline, kindHint: "transcript", paragraphs, notes: [] };
    const s = analyze(doc);
    if (s.turns.length > 0) {
      transcript = { ...s, headline, kind: "transcript" as const, ...(explicitRules ? { ground_rules: { ...s.ground_rules, ...explicitRules } } : {}) };
      groundRules = explicitRules ? { ...s.ground_rules, ...explicitRules } : s.ground_rules;
    } else {
      groundRules = explicitRules ?? s.ground_rules;
    }
    kind = "transcript";
  }
  const contentHash = createHash("sha256").update(JSON.stringify([headline, section, dateline, published, text, bodyHtml, kind, groundRules])).digest("hex");
  const input: ItemInput = {
    identity: opts.identity,
    contentHash,
    headline,
    section,
    kind,
    published,
    dateline,
    source,
    body: text,
    transcript,
    groundRules,
    ...(opts.base?.flags.length ? { flags: opts.base.flags } : {}),
  };
  return { input, bodyHtml: bodyHtml || null, release, note, overrideReason };
}
