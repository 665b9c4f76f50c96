/**
 * Turning what a user typed (CLI flags, the admin form) into a source to register, and
 * trying a source once without storing anything (`pressroom source test`). Shared by the
 * CLI and the admin page so both accept and refuse the same things.
 */
import { statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { parseHTML } from "linkedom";
import { PressroomError } from "../core/errors.js";
import { allowListFromEnv, literalHostRefusal, parseAllowList } from "../fetch/address-policy.js";
import { analyzeDocuments } from "../importer/analyze-bytes.js";
import { SOURCE_KINDS, type NewSource, type SeenEntry, type Source, type SourceKind, type SourceStore } from "../store/sources.js";
import { DEFAULT_INTERVAL_S } from "../store/sqlite-sources.js";
import { keyEntries, matchSeen } from "./entry-identity.js";
import { fetchEntries, type FetchDeps } from "./fetch-entries.js";
import { sharedHostGate } from "./poll.js";

/** Shortest and longest poll interval accepted (s): one minute, one week. */
export const MIN_INTERVAL_S = 60;
export const MAX_INTERVAL_S = 7 * 24 * 3600;

/** What a user gives to add a source. Strings as typed; all but `target` optional. */
export interface SourceSpec {
  /** A URL (feed, html-index) or a folder path (folder, email-folder). */
  target: string;
  name?: string | null;
  section?: string | null;
  kind?: string | null;
  /** Seconds, as typed. */
  interval?: string | number | null;
  /** CSS selector of article links (html-index). */
  selector?: string | null;
}

const bad = (m: string) => new PressroomError("PRESSROOM_E_BAD_REQUEST", m);

function isUrl(s: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(s);
}

/** Options of {@link sourceFromSpec}. */
export interface SourceSpecOptions {
  /** Allow-list entries for internal addresses (default: `PRESSROOM_FETCH_ALLOW`). */
  allow?: readonly string[];
  /**
   * True when the request comes over the web (the admin page): folder and e-mail-folder
   * sources, which read the server's own files, are refused there.
   */
  remote?: boolean;
}

/**
 * Validate a {@link SourceSpec} into a {@link NewSource}. The kind defaults to `feed` for a
 * URL (`html-index` when a selector is given) and `folder` for a path; a path is made
 * absolute and must be an existing folder; the name defaults to the URL's host or the
 * folder's name.
 * @throws PressroomError `PRESSROOM_E_BAD_REQUEST` naming what is wrong.
 */
export function sourceFromSpec(spec: SourceSpec, cwd = process.cwd(), opts: SourceSpecOptions = {}): NewSource {
  const target = (spec.target ?? "").trim();
  if (!target) throw bad("give a feed URL or a folder path");
  const selector = spec.selector?.trim() || null;
  const url = isUrl(target);
  let kind: SourceKind;
  if (spec.kind && spec.kind.trim()) {
    if (!SOURCE_KINDS.includes(spec.kind.trim() as SourceKind)) throw bad(`unknown source kind "${spec.kind}"; use one of ${SOURCE_KINDS.join(", ")}`);
    kind = spec.kind.trim() as SourceKind;
  } else kind = url ? (selector ? "html-index" : "feed") : "folder";
  let location: string;
  let defaultName: string;
  if (kind === "feed" || kind === "html-index") {
    let u: URL;
    try {
      u = new URL(target);
    } catch {
      throw bad(`"${target.slice(0, 200)}" is not a valid URL`);
    }
    if (u.protocol !== "http:" && u.protocol !== "https:") throw bad(`only http and https URLs can be polled, not ${u.protocol.replace(/:$/, "")}`);
    if (u.username || u.password) throw bad("put no user name or password in a source URL");
    // A plainly internal target (loopback, private, link-local, metadata address, localhost)
    // is refused now, not at the first poll; names are checked again when fetched.
    const why = literalHostRefusal(u.hostname, parseAllowList(opts.allow ?? allowListFromEnv(process.env.PRESSROOM_FETCH_ALLOW)));
    if (why) throw bad(`${u.hostname} is ${why}; sources at such addresses are refused unless PRESSROOM_FETCH_ALLOW allows them`);
    location = u.href;
    defaultName = u.hostname;
  } else {
    if (url) throw bad(`a ${kind} source is a folder path, not a URL`);
    if (opts.remote) throw bad(`a ${kind} source reads the server's own files, so it can only be added on the server itself: pressroom source add PATH`);
    location = resolve(cwd, target);
    let isDir = false;
    try {
      isDir = statSync(location).isDirectory();
    } catch {
      throw bad(`no such folder: ${location}`);
    }
    if (!isDir) throw bad(`${location} is not a folder`);
    defaultName = basename(location);
  }
  if (selector && kind !== "html-index") throw bad("--selector is only for html-index sources");
  if (selector) {
    if (selector.length > 500) throw bad("the selector is longer than 500 characters");
    try {
      parseHTML("<!doctype html><html><body><a href=\"x\">x</a></body></html>").document.querySelectorAll(selector);
    } catch {
      throw bad(`"${selector.slice(0, 100)}" is not a valid CSS selector`);
    }
  }
  let intervalS = DEFAULT_INTERVAL_S;
  if (spec.interval !== undefined && spec.interval !== null && String(spec.interval).trim() !== "") {
    const t = String(spec.interval).trim();
    if (!/^\d{1,7}$/.test(t)) throw bad(`the interval is a whole number of seconds, not "${t.slice(0, 40)}"`);
    intervalS = Number(t);
    if (intervalS < MIN_INTERVAL_S || intervalS > MAX_INTERVAL_S) throw bad(`the interval must be between ${MIN_INTERVAL_S} and ${MAX_INTERVAL_S} seconds`);
  }
  const name = spec.name?.trim() || defaultName;
  if (name.length > 200) throw bad("the name is longer than 200 characters");
  const section = spec.section?.trim() || null;
  if (section && section.length > 200) throw bad("the section is longer than 200 characters");
  return { name, kind, location, section, selector, intervalS };
}

/** One entry as `source test` shows it. */
export interface TestedEntry {
  /** `new`, `changed` or `unchanged` compared with what the source has stored (all `new` for an unregistered URL). */
  status: "new" | "changed" | "unchanged";
  headline: string;
  kind: string;
  published: string | null;
  url: string | null;
  identity: string;
}

/** What `source test` found. */
export interface TestReport {
  entries: TestedEntry[];
  rejected: { code: string; reason: string }[];
  notes: string[];
  /** True when the server answered 304 Not Modified to the stored validators. */
  notModified: boolean;
}

const noEntries: Pick<SourceStore, "findEntries"> = { findEntries: async () => [] };

/**
 * Fetch and read a source once and say what a poll would import, storing nothing (the
 * source's state and seen entries are not changed).
 * @param seenStore where to look up seen entries (the real store for a registered source).
 * @throws what `fetchEntries` throws (fetch refused or failed, unreadable feed or folder).
 */
export async function testSource(source: Source, seenStore: Pick<SourceStore, "findEntries"> = noEntries, deps: Partial<FetchDeps> = {}): Promise<TestReport> {
  const fetchDeps: FetchDeps = { gate: deps.gate ?? sharedHostGate(), fetchOptions: deps.fetchOptions, maxPagesPerPoll: deps.maxPagesPerPoll, maxFileBytes: deps.maxFileBytes };
  // Validators are not sent: a test shows the current content.
  const probe: Source = { ...source, state: { ...source.state, etag: null, lastModified: null } };
  const outcome = await fetchEntries(probe, seenStore as SourceStore, fetchDeps, Date.now());
  if (outcome.kind === "not-modified") return { entries: [], rejected: [], notes: [], notModified: true };
  const keyed = keyEntries(outcome.entries.map((e) => e.doc), outcome.entries.map((e) => e.fileKey ?? null));
  const seen = new Map<string, SeenEntry>();
  const keys = [...new Set(keyed.flatMap((k) => k.keys))];
  for (const e of await seenStore.findEntries(source.id, keys)) seen.set(e.key, e);
  const report: TestReport = { entries: [], rejected: [...outcome.rejected], notes: outcome.notes, notModified: false };
  for (const entry of keyed) {
    const match = matchSeen(entry, seen);
    const a = analyzeDocuments([entry.doc]);
    report.rejected.push(...a.rejected);
    const input = a.analysed[0]?.input;
    if (!input) continue;
    report.entries.push({
      status: match ? (match.contentHash === entry.hash ? "unchanged" : "changed") : "new",
      headline: input.headline,
      kind: input.kind,
      published: input.published,
      url: input.source.url,
      identity: match?.identity ?? input.identity,
    });
  }
  return report;
}

/** A source object for a URL or folder that is not registered (for `source test URL`). */
export function unregisteredSource(s: NewSource): Source {
  return {
    id: 0, name: s.name, kind: s.kind, location: s.location, section: s.section ?? null, selector: s.selector ?? null, intervalS: s.intervalS ?? DEFAULT_INTERVAL_S, createdAt: 0,
    state: { etag: null, lastModified: null, lastPolledAt: null, lastSuccessAt: null, lastError: null, lastErrorAt: null, consecutiveFailures: 0, nextPollAt: 0, itemsSeen: 0 },
  };
}

