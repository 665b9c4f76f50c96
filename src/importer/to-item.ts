import { createHash } from "node:crypto";
import type { Document } from "../core/document.js";
import type { ItemInput } from "../core/item.js";
import type { Structure } from "../core/transcript-types.js";

/** sha256 of a string, lower-case hex. */
export function sha256(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}

/**
 * An absolute http(s) URL, or null. A source link is shown to readers, written into
 * feeds and the API, so anything else (`javascript:`, `data:`, relative paths) is dropped.
 */
export function safeHttpUrl(u: string | null | undefined): string | null {
  if (!u) return null;
  try {
    const url = new URL(u.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? u.trim() : null;
  } catch {
    return null;
  }
}

/** The source reference with an unsafe or malformed URL removed. */
export function safeSource(src: Document["source"]): Document["source"] {
  const url = safeHttpUrl(src.url);
  return url === src.url ? src : { ...src, url };
}

/**
 * The identity of a document at its source: the source's guid where it has one, else
 * its canonical URL, else `sha256:` + the hash of its normalised body (issue 2:
 * "identity: the source's guid or URL where it has one, else a content hash").
 */
export function identityOf(doc: Document): string {
  doc = { ...doc, source: safeSource(doc.source) };
  if (doc.source.guid && doc.source.guid.trim()) return `guid:${doc.source.guid.trim()}`;
  if (doc.source.url && doc.source.url.trim()) return `url:${doc.source.url.trim()}`;
  const norm = doc.paragraphs.join("\n").toLowerCase().replace(/\s+/g, " ").trim();
  return `sha256:${sha256(norm)}`;
}

/**
 * Map an analysed document to what the store keeps. The content hash covers what a
 * reader sees (headline, section, dateline, published time, body), so a changed
 * document with the same identity becomes a new version, and a re-import of the same
 * bytes is "unchanged" even after the parser has improved.
 */
export function toItemInput(doc: Document, s: Structure): ItemInput {
  const body = doc.paragraphs.join("\n\n");
  const contentHash = sha256(JSON.stringify([s.headline, s.section, s.dateline, s.published, body]));
  return {
    identity: identityOf(doc),
    contentHash,
    headline: s.headline,
    section: s.section,
    kind: s.kind,
    published: s.published,
    dateline: s.dateline,
    source: safeSource(doc.source),
    body,
    transcript: s.kind === "transcript" ? s : null,
    groundRules: s.ground_rules,
  };
}
