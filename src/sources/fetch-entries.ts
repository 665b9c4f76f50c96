/**
 * One fetch of a source's current entries, per kind: a feed (conditional GET), an HTML
 * index page (links picked by a CSS selector, new pages fetched), a watched folder, or a
 * folder of `.eml` messages. Network access goes through `safeFetch` under the host gate.
 */
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { parseHTML } from "linkedom";
import type { Document } from "../core/document.js";
import { PressroomError, isPressroomError } from "../core/errors.js";
import { readDocuments } from "../ingest/index.js";
import { safeFetch, type SafeFetchOptions, type SafeFetchResponse } from "../fetch/safe-fetch.js";
import type { Source, SourceStore } from "../store/sources.js";
import { HostGate } from "./host-gate.js";
import { feedLinkInHtml, readFeedBytes } from "./read-feed.js";
import { readEmail } from "./read-email.js";
import { discoverHub, type HubLink } from "./websub.js";

/** Network limits and politeness for polling. */
export interface FetchDeps {
  /** Shared per-host gate (one request at a time per host, minimum gap). */
  gate: HostGate;
  /** Passed to every `safeFetch` (allow list, size/time caps, redirect limit). */
  fetchOptions?: Pick<SafeFetchOptions, "allow" | "maxBytes" | "timeoutMs" | "maxRedirects">;
  /** Most article pages an html-index poll fetches (default 20); the rest wait for the next poll. */
  maxPagesPerPoll?: number;
  /** Largest local file read (bytes, default 20 MiB). */
  maxFileBytes?: number;
}

/**
 * An entry of a fetch. `fileKey`: a key the fetcher knows the entry by, strongest of all:
 * `file:<relative path>` for a folder file that holds one document, `link:<url>` for a page
 * found on an html-index (the link as the index gives it, whatever the page calls itself).
 */
export interface FetchedEntry {
  doc: Document;
  fileKey?: string;
}

/** What one fetch gave. */
export type FetchOutcome =
  | { kind: "not-modified" }
  | {
      kind: "entries";
      entries: FetchedEntry[];
      /** Validators of the response, to send next time (null: none given). */
      etag: string | null;
      lastModified: string | null;
      /** Pieces that could not be read (a bad file, a page that failed), the rest went on. */
      rejected: { code: string; reason: string }[];
      notes: string[];
      /** Folder sources: `file:` keys with the sha256 of the bytes read, to record once stored (unchanged files are skipped next time). */
      fileMarks: { key: string; hash: string }[];
      /** Feeds: the WebSub hub the feed advertises, or null. */
      hub?: HubLink | null;
    };

/** Thrown for 429/503: poll again no sooner than `retryAfterMs` (null when the server gave none). */
export class RetryLater extends PressroomError {
  constructor(message: string, readonly retryAfterMs: number | null) {
    super("PRESSROOM_E_FETCH", message);
  }
}

/** `Retry-After` (seconds or HTTP date) → ms from `now`, clamped to 0..7 days; null when absent or unreadable. */
export function parseRetryAfter(v: string | undefined, now: number): number | null {
  if (!v) return null;
  const t = v.trim();
  let ms: number;
  if (/^\d+$/.test(t)) ms = Number(t) * 1000;
  else {
    const at = Date.parse(t);
    if (Number.isNaN(at)) return null;
    ms = at - now;
  }
  return Math.min(Math.max(ms, 0), 7 * 24 * 3600 * 1000);
}

const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

async function get(url: string, deps: FetchDeps, headers: Record<string, string> = {}): Promise<SafeFetchResponse> {
  return deps.gate.run(HostGate.hostOf(url), () => safeFetch(url, { ...deps.fetchOptions, headers }));
}

/** Throw for a status that is not a success (429/503 as {@link RetryLater}). */
function checkStatus(r: SafeFetchResponse, now: number): void {
  if (r.status === 429 || r.status === 503) {
    throw new RetryLater(`HTTP ${r.status} from ${r.url}${r.headers["retry-after"] ? ` (Retry-After: ${r.headers["retry-after"]})` : ""}`, parseRetryAfter(r.headers["retry-after"], now));
  }
  if (r.status < 200 || r.status > 299) throw new PressroomError("PRESSROOM_E_FETCH", `HTTP ${r.status} from ${r.url}`, { status: r.status });
}

async function fetchFeed(source: Source, deps: FetchDeps, now: number): Promise<FetchOutcome> {
  const headers: Record<string, string> = { accept: "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5" };
  if (source.state.etag) headers["if-none-match"] = source.state.etag;
  if (source.state.lastModified) headers["if-modified-since"] = source.state.lastModified;
  const r = await get(source.location, deps, headers);
  if (r.status === 304) return { kind: "not-modified" };
  checkStatus(r, now);
  let res = r;
  let read;
  const notes: string[] = [];
  try {
    read = readFeedBytes(r.body, r.url, r.headers["content-type"] ?? null);
  } catch (e) {
    // A web page instead of a feed: follow the feed it links to (autodiscovery), once.
    const alt = isPressroomError(e, "PRESSROOM_E_UNSUPPORTED") ? feedLinkInHtml(r.body.toString("utf8"), r.url) : null;
    if (!alt) throw e;
    res = await get(alt, deps, { accept: headers.accept! });
    checkStatus(res, now);
    read = readFeedBytes(res.body, res.url, res.headers["content-type"] ?? null);
    notes.push(`${r.url} is a web page; read the feed it links to, ${alt} (register that URL to poll it directly)`);
  }
  const text = res.body.toString("utf8");
  const hub = discoverHub(/^\s*\{/.test(text) ? text : text.slice(0, 32_768), res.headers["link"], res.url);
  // Validators belong to the URL that was asked for: none are kept for a discovered feed.
  const direct = res === r;
  return {
    kind: "entries", entries: read.docs.map((doc) => ({ doc })),
    etag: direct ? (r.headers["etag"] ?? null) : null, lastModified: direct ? (r.headers["last-modified"] ?? null) : null,
    rejected: [], notes: [...notes, ...read.notes], fileMarks: [], hub,
  };
}

/** Absolute http(s) links of `html` matching `selector`, in page order, without fragments, each once. */
export function indexLinks(html: string, baseUrl: string, selector: string): string[] {
  const { document } = parseHTML(html);
  let nodes: ArrayLike<Element>;
  try {
    nodes = document.querySelectorAll(selector);
  } catch {
    throw new PressroomError("PRESSROOM_E_CONFIG", `"${selector}" is not a valid CSS selector`);
  }
  const out = new Set<string>();
  for (const el of Array.from(nodes)) {
    const a = el.tagName?.toLowerCase() === "a" ? el : el.querySelector("a[href]");
    const href = a?.getAttribute("href");
    if (!href) continue;
    try {
      const u = new URL(href, baseUrl);
      if (u.protocol !== "http:" && u.protocol !== "https:") continue;
      u.hash = "";
      out.add(u.href);
    } catch { /* not a URL */ }
  }
  return [...out];
}

async function fetchHtmlIndex(source: Source, store: SourceStore, deps: FetchDeps, now: number): Promise<FetchOutcome> {
  const headers: Record<string, string> = { accept: "text/html, application/xhtml+xml;q=0.9, */*;q=0.5" };
  if (source.state.etag) headers["if-none-match"] = source.state.etag;
  if (source.state.lastModified) headers["if-modified-since"] = source.state.lastModified;
  const r = await get(source.location, deps, headers);
  if (r.status === 304) return { kind: "not-modified" };
  checkStatus(r, now);
  const links = indexLinks(r.body.toString("utf8"), r.url, source.selector ?? "a[href]");
  const seen = new Set((await store.findEntries(source.id, links.map((l) => `link:${l}`))).map((e) => e.key));
  const fresh = links.filter((l) => !seen.has(`link:${l}`));
  const max = deps.maxPagesPerPoll ?? 20;
  const entries: FetchedEntry[] = [];
  const rejected: { code: string; reason: string }[] = [];
  for (const link of fresh.slice(0, max)) {
    try {
      const page = await get(link, deps);
      checkStatus(page, now);
      const docs = readDocuments(page.body, link, { maxBytes: deps.fetchOptions?.maxBytes ?? 10 * 1024 * 1024 });
      for (const doc of docs.slice(0, 1)) entries.push({ doc: { ...doc, source: { ...doc.source, path: null, url: doc.source.url ?? link } }, fileKey: `link:${link}` });
    } catch (e) {
      rejected.push({ code: isPressroomError(e) ? e.code : "PRESSROOM_E_INTERNAL", reason: `${link}: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  const notes = fresh.length > max ? [`${fresh.length - max} more new links wait for the next poll`] : [];
  return { kind: "entries", entries, etag: r.headers["etag"] ?? null, lastModified: r.headers["last-modified"] ?? null, rejected, notes, fileMarks: [] };
}

async function listFiles(dir: string, accept: (name: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, depth: number) => {
    const ents = await readdir(d, { withFileTypes: true });
    for (const e of ents.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith(".")) continue;
      const p = join(d, e.name);
      if (e.isDirectory() && depth < 8) await walk(p, depth + 1);
      else if (e.isFile() && accept(e.name)) out.push(p);
    }
  };
  try {
    await walk(dir, 0);
  } catch (e) {
    throw new PressroomError("PRESSROOM_E_UNREADABLE", `cannot read folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return out;
}

async function fetchFolder(source: Source, store: SourceStore, deps: FetchDeps, email: boolean): Promise<FetchOutcome> {
  const files = await listFiles(source.location, (n) => (email ? /\.eml$/i.test(n) : !/~$|\.(?:tmp|part|swp)$/i.test(n)));
  const keys = files.map((f) => `file:${relative(source.location, f)}`);
  const seen = new Map((await store.findEntries(source.id, keys)).map((e) => [e.key, e.contentHash]));
  const max = deps.maxFileBytes ?? 20 * 1024 * 1024;
  const entries: FetchedEntry[] = [];
  const fileMarks: { key: string; hash: string }[] = [];
  const rejected: { code: string; reason: string }[] = [];
  for (let i = 0; i < files.length; i++) {
    const path = files[i]!;
    const fileKey = keys[i]!;
    let fileHash: string | null = null;
    try {
      const st = await stat(path);
      if (st.size > max) throw new PressroomError("PRESSROOM_E_TOO_LARGE", `${path}: ${st.size} bytes is over the ${max}-byte limit`);
      const bytes = await readFile(path);
      fileHash = sha256(bytes);
      if (seen.get(fileKey) === fileHash) continue;
      if (email) {
        entries.push({ doc: await readEmail(bytes, path, { isFile: true }), fileKey });
      } else {
        const docs = readDocuments(bytes, path, { maxBytes: max });
        // One document per file: the file is its identity. A feed file's entries keep their own.
        if (docs.length === 1) entries.push({ doc: docs[0]!, fileKey });
        else for (const doc of docs) entries.push({ doc });
      }
      fileMarks.push({ key: fileKey, hash: fileHash });
    } catch (e) {
      rejected.push({ code: isPressroomError(e) ? e.code : "PRESSROOM_E_INTERNAL", reason: e instanceof Error ? e.message : String(e) });
      // A bad file is reported once; it is read again when its bytes change.
      if (fileHash) fileMarks.push({ key: fileKey, hash: fileHash });
    }
  }
  return { kind: "entries", entries, etag: null, lastModified: null, rejected, notes: [], fileMarks };
}

/**
 * Fetch the current entries of `source`.
 * @throws PressroomError `PRESSROOM_E_FETCH` (network, refused address, HTTP status;
 *   {@link RetryLater} for 429/503), `PRESSROOM_E_UNREADABLE` (folder), and the reading
 *   errors of `readFeedBytes` for a feed that cannot be read at all.
 */
export async function fetchEntries(source: Source, store: SourceStore, deps: FetchDeps, now: number): Promise<FetchOutcome> {
  switch (source.kind) {
    case "feed":
      return fetchFeed(source, deps, now);
    case "html-index":
      return fetchHtmlIndex(source, store, deps, now);
    case "folder":
      return fetchFolder(source, store, deps, false);
    case "email-folder":
      return fetchFolder(source, store, deps, true);
  }
}
