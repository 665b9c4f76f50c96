/**
 * Pure helpers shared by the SQLite store and the FTS engine: public ids, section slugs,
 * date parsing, excerpts and row ↔ model mapping. No SQL here.
 */
import { createHash } from "node:crypto";
import type { ItemSummary } from "../core/item.js";
import type { Kind, GroundRules } from "../core/transcript-types.js";
import type { SourceFormat } from "../core/document.js";
import type { Database } from "./migrations.js";

export type ItemRow = Database["items"];

/** Fold to lowercase ASCII words joined by `-` (accents removed); "" when nothing is left. */
export function slugify(text: string, maxLen = 60): string {
  const s = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (s.length <= maxLen) return s;
  const cut = s.slice(0, maxLen);
  const dash = cut.lastIndexOf("-");
  return (dash > maxLen / 2 ? cut.slice(0, dash) : cut).replace(/-+$/g, "");
}

/** sha256 of `s`, hex. */
export function sha256Hex(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}

/**
 * Candidate public ids for an identity, best first: `<headline-slug>-<8 hex of sha256(identity)>`,
 * then with 12, 16, … hex digits (used only if a shorter one is taken by another identity).
 * URL-safe: `[a-z0-9-]` only.
 */
export function candidateIds(identity: string, headline: string): string[] {
  const hash = sha256Hex(identity);
  const slug = slugify(headline, 48);
  const out: string[] = [];
  for (let n = 8; n <= 64; n += 4) out.push(slug ? `${slug}-${hash.slice(0, n)}` : hash.slice(0, n));
  return out;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Epoch ms (UTC) of a stated publication time: ISO 8601 with offset; a date alone counts
 * as 00:00 UTC; a time without offset is read as UTC. Null for null or unparseable input.
 */
export function publishedToMs(published: string | null): number | null {
  if (!published) return null;
  const m = ISO.exec(published.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, off] = m;
  let iso = `${y}-${mo}-${d}T${h ?? "00"}:${mi ?? "00"}:${s ?? "00"}${frac ? frac.slice(0, 4) : ""}`;
  if (!off || off.toUpperCase() === "Z") iso += "Z";
  else iso += off.length === 3 ? `${off}:00` : off.includes(":") ? off : `${off.slice(0, 3)}:${off.slice(3)}`;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

/** A plain-text excerpt of `body`: the first ~`max` characters, cut at a word, with `…`. */
export function makeExcerpt(body: string, max = 280): string {
  // Only the start of the text matters: collapse a prefix that yields more than `max`
  // characters (growing it while white space eats it up), not the whole body.
  let flat = "";
  for (let len = 2 * max + 64; ; len *= 4) {
    flat = (len >= body.length ? body : body.slice(0, len)).replace(/\s+/g, " ").trim();
    if (len >= body.length || flat.length > max + 1) break;
  }
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const sp = cut.lastIndexOf(" ");
  return `${(sp > max * 0.6 ? cut.slice(0, sp) : cut).replace(/[\s,;:.–—-]+$/u, "")}…`;
}

/** Key for case- and space-insensitive name matching (questioner, outlet). */
export function nameKey(s: string | null | undefined): string | null {
  if (s == null) return null;
  const k = s.normalize("NFKC").replace(/\s+/g, " ").trim().toLowerCase();
  return k === "" ? null : k;
}

/** HTML-escape text for element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;"));
}

/** Map an `items` row to the public summary shape. */
export function rowToSummary(r: ItemRow): ItemSummary {
  return {
    id: r.id,
    identity: r.identity,
    contentHash: r.content_hash,
    version: r.version,
    headline: r.headline,
    section: r.section,
    kind: r.kind as Kind,
    published: r.published,
    publishedAt: r.published_at,
    dateline: r.dateline,
    source: {
      path: r.source_path,
      url: r.source_url,
      guid: r.source_guid,
      name: r.source_name,
      format: r.source_format as SourceFormat,
    },
    groundRules: JSON.parse(r.ground_rules) as GroundRules,
    postedAt: r.posted_at,
    updatedAt: r.updated_at,
    excerpt: r.excerpt,
    flags: parseFlags(r.flags),
    pubstatus: r.pubstatus === "canceled" ? "canceled" : "usable",
  };
}

/** Decode a `flags` column (JSON array of strings); anything else reads as no flags. */
export function parseFlags(json: string | null | undefined): string[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

/** Encode flags for the `flags` column: sorted, unique, JSON. */
export function encodeFlags(flags: readonly string[] | null | undefined): string {
  return JSON.stringify([...new Set((flags ?? []).filter((f) => typeof f === "string" && f !== ""))].sort());
}
