import type { Store, SearchQuery } from "../store/store.js";
import { searchStories } from "../dedupe/collapse.js";
import type { Config } from "../config/config.js";
import { KINDS, type Kind } from "../core/transcript-types.js";
import { PressroomError } from "../core/errors.js";
import { grouped } from "./output.js";
import { countersSentence } from "../publish/format.js";

/** Flags of `pressroom search`. */
export interface SearchFlags {
  section?: string;
  kind?: string;
  from?: string;
  to?: string;
  sort?: string;
  limit?: string;
  offset?: string;
  /** `all` (default), `questions` or `answers`. */
  scope?: string;
  /** Questioner's name (with --scope questions/answers). */
  questioner?: string;
  /** Questioner's outlet (with --scope questions/answers). */
  outlet?: string;
  json?: boolean;
}

/**
 * Parse an ISO date (`2021-05-24`) or date-time given on the command line into epoch ms
 * (UTC). `endOfDay` makes a date alone mean its last millisecond (for `--to`).
 * @throws PressroomError `PRESSROOM_E_BAD_REQUEST` naming the flag.
 */
export function parseDateFlag(v: string | undefined, flag: string, endOfDay = false): number | undefined {
  if (v === undefined) return undefined;
  const bad = () => new PressroomError("PRESSROOM_E_BAD_REQUEST", `${flag} must be a real date like 2021-05-24 or an ISO date-time, got "${v}"`);
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(v);
  if (!m) throw bad();
  // Date.parse rolls 2021-02-30 over to March 2; a date that does not exist is an error.
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (day.getUTCFullYear() !== Number(m[1]) || day.getUTCMonth() !== Number(m[2]) - 1 || day.getUTCDate() !== Number(m[3])) throw bad();
  const dateOnly = v.length === 10;
  const ms = Date.parse(dateOnly ? `${v}T00:00:00Z` : v);
  if (!Number.isFinite(ms)) throw bad();
  return dateOnly && endOfDay ? ms + 86_400_000 - 1 : ms;
}

function intFlag(v: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `${flag} must be a whole number from ${min} to ${max}, got "${v}"`);
  return Number(v);
}

/** Turn `search` flags into a store query. @throws PressroomError `PRESSROOM_E_BAD_REQUEST`. */
export function searchQueryFromFlags(q: string, f: SearchFlags): SearchQuery {
  if (f.kind !== undefined && !(KINDS as readonly string[]).includes(f.kind)) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `--kind must be one of ${KINDS.join(", ")}, got "${f.kind}"`);
  if (f.sort !== undefined && f.sort !== "relevance" && f.sort !== "date") throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `--sort must be relevance or date, got "${f.sort}"`);
  if (f.scope !== undefined && f.scope !== "all" && f.scope !== "questions" && f.scope !== "answers") throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `--scope must be all, questions or answers, got "${f.scope}"`);
  if ((f.questioner !== undefined || f.outlet !== undefined) && (f.scope ?? "all") === "all") throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "--questioner and --outlet need --scope questions or --scope answers");
  for (const [flag, v] of [["--questioner", f.questioner], ["--outlet", f.outlet]] as const) {
    if (v !== undefined && (v.trim() === "" || v.length > 200)) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `${flag} must be a name of 1 to 200 characters`);
  }
  const query: SearchQuery = { q };
  if (f.scope !== undefined) query.scope = f.scope as "all" | "questions" | "answers";
  if (f.questioner !== undefined) query.questioner = f.questioner;
  if (f.outlet !== undefined) query.outlet = f.outlet;
  if (f.section !== undefined) query.section = f.section;
  if (f.kind !== undefined) query.kind = f.kind as Kind;
  const from = parseDateFlag(f.from, "--from");
  const to = parseDateFlag(f.to, "--to", true);
  if (from !== undefined && to !== undefined && from > to) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `--from (${f.from}) is after --to (${f.to})`);
  if (from !== undefined) query.from = from;
  if (to !== undefined) query.to = to;
  if (f.sort) query.sort = f.sort as "relevance" | "date";
  const limit = intFlag(f.limit, "--limit", 1, 100);
  const offset = intFlag(f.offset, "--offset", 0, 1_000_000);
  if (limit !== undefined) query.limit = limit;
  if (offset !== undefined) query.offset = offset;
  return query;
}

/** Strip the `<mark>` tags and entities of a snippet for terminal output. */
export function snippetToText(html: string): string {
  return html.replace(/<\/?mark>/g, "*").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

/** `pressroom search Q`: readable text, or JSON `{total, results:[{id, headline, url, snippet, ...}]}`. */
export async function runSearch(store: Store, config: Config, q: string, f: SearchFlags): Promise<string> {
  const query = searchQueryFromFlags(q, f);
  const r = await searchStories(store, query);
  const results = r.hits.map((h) => ({
    id: h.item.id,
    headline: h.item.headline,
    url: `${config.baseUrl}/items/${h.item.id}`,
    snippet: h.snippet,
    section: h.item.section,
    kind: h.item.kind,
    published: h.item.published,
    posted: new Date(h.item.postedAt).toISOString(),
    score: h.score,
    ...(h.question
      ? {
          question: {
            exchange: h.question.exchange,
            url: `${config.baseUrl}/items/${h.item.id}#exchange-${h.question.exchange + 1}`,
            questioner: h.question.questioner,
            outlet: h.question.outlet,
            question: h.question.question,
            answer: h.question.answer,
            follow_up: h.question.followUp,
          },
        }
      : {}),
  }));
  if (f.json) return JSON.stringify({ total: r.total, ...(r.notice ? { notice: r.notice } : {}), results }, null, 2) + "\n";
  const lines: string[] = [];
  if (r.notice) lines.push(`Note: ${r.notice}`);
  lines.push(`${grouped(r.total)} result${r.total === 1 ? "" : "s"} for ${JSON.stringify(q)}`);
  results.forEach((x, i) => {
    if (x.question) {
      const who = [x.question.questioner ?? "Unnamed reporter", x.question.outlet].filter(Boolean).join(", ");
      const meta = [x.published?.slice(0, 10), x.question.follow_up ? "follow-up" : null].filter(Boolean).join(" · ");
      lines.push("", `${(query.offset ?? 0) + i + 1}. ${who} — ${x.headline}`, ...(meta ? [`   ${meta}`] : []), `   ${x.question.url}`, `   ${snippetToText(x.snippet)}`);
      return;
    }
    lines.push("", `${(query.offset ?? 0) + i + 1}. ${x.headline}`, `   ${[x.kind, x.section, x.published?.slice(0, 10)].filter(Boolean).join(" · ")}`, `   ${x.url}`, `   ${snippetToText(x.snippet)}`);
  });
  return lines.join("\n") + "\n";
}

/**
 * `pressroom stats`: the wire's rolling counters, as the home page words them, or JSON
 * `{items, last24h, last365d, sections: {NAME: N}, kinds: {KIND: N}}`.
 */
export async function runStats(store: Store, now: number, json: boolean): Promise<string> {
  const s = await store.stats(now);
  if (json) return JSON.stringify(s, null, 2) + "\n";
  const lines = [
    `${countersSentence(s.last24h, s.last365d)}.`,
    `${grouped(s.items)} item${s.items === 1 ? "" : "s"} in the archive.`,
  ];
  const secs = Object.entries(s.sections).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (secs.length) {
    lines.push("", "Sections:");
    for (const [name, n] of secs) lines.push(`  ${grouped(n).padStart(7)}  ${name}`);
  }
  const kinds = Object.entries(s.kinds).sort((a, b) => b[1] - a[1]);
  if (kinds.length) {
    lines.push("", "Kinds:");
    for (const [name, n] of kinds) lines.push(`  ${grouped(n).padStart(7)}  ${name}`);
  }
  return lines.join("\n") + "\n";
}
