import { createHash } from "node:crypto";
import type { Document } from "../core/document.js";
import type { ItemInput } from "../core/item.js";
import type { Structure } from "../core/transcript-types.js";

/** sha256 of a string, lower-case hex. */
export function sha256(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}

/**
 * The identity of a document at its source: the source's guid where it has one, else
 * its canonical URL, else `sha256:` + the hash of its normalised body (issue 2:
 * "identity: the source's guid or URL where it has one, else a content hash").
 */
export function identityOf(doc: Document): string {
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
    source: doc.source,
    body,
    transcript: s.kind === "transcript" ? s : null,
    groundRules: s.ground_rules,
  };
}
