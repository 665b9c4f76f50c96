/**
 * Field prefixes for saved searches: `outlet:Reuters "Fordow"` is the free text `"Fordow"`
 * plus the filter outlet = Reuters. Pure: no database, no clock.
 *
 * ## Syntax (also in `docs/alerts.md`)
 *
 * | You type                        | Meaning                                                   |
 * |---------------------------------|-----------------------------------------------------------|
 * | `outlet:Reuters`                | a questioner from this outlet asked in the transcript      |
 * | `outlet:"Associated Press"`     | quoted values may contain spaces                           |
 * | `questioner:"Mara Quinn"`       | this questioner asked in the transcript                    |
 * | `section:"Transport Office"`    | the item's section (name or slug)                          |
 * | `kind:transcript`               | the item's kind (one of {@link KINDS})                     |
 *
 * - A prefix counts only at the start of a term (`OUTLET:` in any case). Inside a quoted
 *   phrase of the free text (`"outlet:x"`) it is ordinary text.
 * - Each field may appear once; `-outlet:X` / `NOT outlet:X` (excluding a field) is not supported. Both are
 *   refused with `PRESSROOM_E_BAD_QUERY`, as is an empty value (`outlet:` or `outlet:""`).
 * - An unclosed quote in a value runs to the end of the query, like the search language.
 * - Everything else is left, in order, as free text for the search language
 *   (`search/query.ts`).
 */
import { PressroomError } from "../core/errors.js";
import { KINDS, type Kind } from "../core/transcript-types.js";

/** The field names a saved search understands. */
export const FIELD_NAMES = ["outlet", "questioner", "section", "kind"] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

/** Filters given as field prefixes; absent when not given. Values are as typed (white space collapsed). */
export interface FieldFilters {
  /** Outlet (affiliation) of a questioner in the item's transcript, matched case-insensitively. */
  outlet?: string;
  /** Questioner's name in the item's transcript, matched case-insensitively. */
  questioner?: string;
  /** Section name or slug. */
  section?: string;
  kind?: Kind;
}

/** Result of {@link splitFieldPrefixes}. */
export interface SplitQuery {
  /** The free text left for the search language, white space collapsed; may be "". */
  text: string;
  filters: FieldFilters;
}

/** Longest value of one field, in characters. */
export const MAX_FIELD_VALUE = 200;

const FIELD_RE = new RegExp(`^(${FIELD_NAMES.join("|")}):`, "i");

function bad(message: string): PressroomError {
  return new PressroomError("PRESSROOM_E_BAD_QUERY", message);
}

/**
 * Split field prefixes (`outlet:`, `questioner:`, `section:`, `kind:`) off a saved-search
 * query.
 *
 * @param q The query as the user typed it (any string).
 * @returns The remaining free text and the filters. The free text is not checked here:
 *   pass it to `parseQuery` when it is not empty.
 * @throws PressroomError `PRESSROOM_E_BAD_QUERY` for a field given twice, an excluded field
 *   (`-outlet:X`), an empty or over-long value ({@link MAX_FIELD_VALUE}), or an unknown kind.
 *
 * @example
 * splitFieldPrefixes('outlet:"Associated Press" Fordow')
 * // → { text: "Fordow", filters: { outlet: "Associated Press" } }
 */
export function splitFieldPrefixes(q: string): SplitQuery {
  const input = typeof q === "string" ? q : String(q ?? "");
  const n = input.length;
  const rest: string[] = [];
  const filters: FieldFilters = {};
  let i = 0;
  while (i < n) {
    const c = input[i]!;
    if (/\s/.test(c)) { i++; continue; }
    // A quoted phrase of the free text: copied as is (no fields inside).
    if (c === '"') {
      const close = input.indexOf('"', i + 1);
      const end = close < 0 ? n : close + 1;
      rest.push(input.slice(i, end));
      i = end;
      continue;
    }
    const negated = c === "-" && i + 1 < n && FIELD_RE.test(input.slice(i + 1, i + 12));
    const m = FIELD_RE.exec(input.slice(negated ? i + 1 : i, (negated ? i + 1 : i) + 12));
    if (!m) {
      // An ordinary term: up to white space or a quote (as the search language reads it).
      let j = i + 1;
      while (j < n && !/\s/.test(input[j]!) && input[j] !== '"') j++;
      rest.push(input.slice(i, j));
      i = j;
      continue;
    }
    const field = m[1]!.toLowerCase() as FieldName;
    if (negated || rest[rest.length - 1] === "NOT") throw bad(`Excluding a field (-${field}: or NOT ${field}:) is not supported; leave it out or name the ${field} to include.`);
    i += m[0].length;
    let value: string;
    if (input[i] === '"') {
      const close = input.indexOf('"', i + 1);
      value = close < 0 ? input.slice(i + 1) : input.slice(i + 1, close);
      i = close < 0 ? n : close + 1;
    } else {
      let j = i;
      while (j < n && !/\s/.test(input[j]!) && input[j] !== '"') j++;
      value = input.slice(i, j);
      i = j;
    }
    value = value.replace(/\s+/g, " ").trim();
    if (value === "") throw bad(`${field}: needs a value, e.g. ${example(field)}.`);
    if (value.length > MAX_FIELD_VALUE) throw bad(`The ${field}: value is longer than ${MAX_FIELD_VALUE} characters.`);
    if (filters[field] !== undefined) throw bad(`${field}: is given twice; a saved search takes one ${field}.`);
    if (field === "kind") {
      const k = value.toLowerCase().replace(/[\s-]+/g, "_");
      if (!(KINDS as readonly string[]).includes(k)) throw bad(`kind:${value} is not a kind; use one of ${KINDS.join(", ")}.`);
      filters.kind = k as Kind;
    } else {
      filters[field] = value;
    }
  }
  return { text: rest.join(" ").replace(/\s+/g, " ").trim(), filters };
}

function example(field: FieldName): string {
  switch (field) {
    case "outlet": return 'outlet:Reuters or outlet:"Associated Press"';
    case "questioner": return 'questioner:"Mara Quinn"';
    case "section": return 'section:"Transport Office"';
    case "kind": return "kind:transcript";
  }
}

/** True when at least one filter is set. */
export function hasFilters(f: FieldFilters): boolean {
  return FIELD_NAMES.some((k) => f[k] !== undefined);
}
