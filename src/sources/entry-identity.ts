/**
 * Identity of entries within one source (issue 6, "Identity within a source"). Pure.
 *
 * Every entry gets keys, strongest first:
 * 1. the key the fetcher knows it by: `file:<name>` (folder sources, one document per
 *    file) or `link:<url>` (a page linked from an html-index);
 * 2. `guid:<guid>`: the source's guid (RSS guid, Atom id, JSON Feed id, Message-ID);
 * 3. `link:<url>`: the entry's link, used only when no other entry of the same fetch shares
 *    it and it is not a site's front page (feeds that give every entry the home page as link);
 * 4. `body:<sha256>`: a hash of the normalised body text, used only when unique in the fetch.
 *
 * An entry whose key (in that order) was seen before is the same item: it keeps the item
 * identity it was first stored under, and a change becomes a new version. This handles the
 * known traps: a guid that is the URL and changes when a slug is fixed (the body is the
 * same: found by `body:`), guids that rotate on every fetch or on every edit (the link is
 * the same: found by `link:`, else by `body:`), missing guids (link, then body). An entry
 * seen under none of its keys is new and is stored under the identity the importer gives it
 * (guid, else URL, else content hash), exactly as `pressroom import` would.
 */
import { createHash } from "node:crypto";
import type { Document } from "../core/document.js";
import type { SeenEntry } from "../store/sources.js";

const sha = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

/** Normalised body text: lower case, white space collapsed. */
function normBody(doc: Document): string {
  return doc.paragraphs.join("\n").toLowerCase().replace(/\s+/g, " ").trim();
}

/** Hash of what a reader sees of an entry (title, date, body): tells "unchanged" without analysis. */
export function entryHash(doc: Document): string {
  return sha(JSON.stringify([doc.title, doc.published, doc.section, doc.paragraphs]));
}

/** One entry of a fetch with its identity keys (strongest first). */
export interface KeyedEntry {
  doc: Document;
  keys: string[];
  hash: string;
}

function frontPage(link: string): boolean {
  try {
    const u = new URL(link);
    return (u.pathname === "/" || u.pathname === "") && !u.search;
  } catch {
    return true;
  }
}

/**
 * Keys of every entry of one fetch (see the module comment for the rule).
 * @param fileKeys per entry, a `file:` key or null (same order as `docs`).
 */
export function keyEntries(docs: Document[], fileKeys?: (string | null)[]): KeyedEntry[] {
  const links = new Map<string, number>();
  const bodies = new Map<string, number>();
  const pre = docs.map((doc) => {
    const link = doc.source.url?.trim() || null;
    const body = sha(normBody(doc));
    if (link) links.set(link, (links.get(link) ?? 0) + 1);
    bodies.set(body, (bodies.get(body) ?? 0) + 1);
    return { doc, link, body };
  });
  return pre.map(({ doc, link, body }, i) => {
    const keys: string[] = [];
    const file = fileKeys?.[i];
    if (file) keys.push(file);
    const guid = doc.source.guid?.trim();
    if (guid) keys.push(`guid:${guid}`);
    if (link && links.get(link) === 1 && !frontPage(link)) keys.push(`link:${link}`);
    if (bodies.get(body) === 1 && normBody(doc).length >= 40) keys.push(`body:${body}`);
    return { doc, keys: [...new Set(keys)], hash: entryHash(doc) };
  });
}

/** The seen entry an entry matches (by its strongest key that was seen), or null when new. */
export function matchSeen(entry: KeyedEntry, seen: Map<string, SeenEntry>): SeenEntry | null {
  for (const k of entry.keys) {
    const hit = seen.get(k);
    // A file mark without an item (a file holding several entries) identifies no item.
    if (hit && !(hit.itemId === null && hit.identity.startsWith("file:"))) return hit;
  }
  return null;
}
