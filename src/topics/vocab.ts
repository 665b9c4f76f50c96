/**
 * Reading an IPTC Media Topics vocabulary in its SKOS JSON(-LD) form (the form the IPTC
 * publishes at cv.iptc.org, `newscodes/mediatopic`, e.g. the 2019-04-06 release with a
 * `conceptSet` of 1,228 concepts). Pure: text in, a checked {@link Vocabulary} out.
 *
 * The vocabulary is © IPTC (iptc.org), licensed CC BY 4.0: Pressroom does not carry a
 * copy; the deployment provides the file (`pressroom topics load FILE`).
 */
import type { Topic } from "../store/topics.js";
import { PressroomError } from "../core/errors.js";

/** One Media Topic concept: the store's {@link Topic} shape. */
export type Concept = Topic;

/** What the scheme says about itself: identity, release and the terms of use. */
export interface SchemeInfo {
  /** Scheme URI, `http://cv.iptc.org/newscodes/mediatopic/`. */
  uri: string;
  /** Release date as stated (`dateReleased`), or null. */
  released: string | null;
  /** Copyright holder as stated, e.g. `IPTC, International Press Telecommunications Council - https://iptc.org`. */
  copyrightHolder: string | null;
  /** Licence URL as stated (`licenceLink`), e.g. the CC BY 4.0 deed. */
  licence: string | null;
}

/** A checked vocabulary: the scheme and every concept, parents before children. */
export interface Vocabulary {
  scheme: SchemeInfo;
  concepts: Concept[];
}

/** The Media Topics scheme URI (without the trailing code). */
export const MEDIATOPIC_SCHEME = "http://cv.iptc.org/newscodes/mediatopic/";
const QCODE = /^medtop:([0-9A-Za-z]{4,16})$/;
const URI_CODE = /^https?:\/\/cv\.iptc\.org\/newscodes\/mediatopic\/([0-9A-Za-z]{4,16})$/;
/** Deepest level Media Topics uses; deeper chains mean a broken file. */
const MAX_LEVEL = 10;

function unsupported(msg: string, detail?: Record<string, unknown>): PressroomError {
  return new PressroomError("PRESSROOM_E_UNSUPPORTED", `not an IPTC Media Topics SKOS JSON file: ${msg}`, detail);
}

/** The English text of a SKOS language map (`{"en-GB": "..."}`), or null. */
function english(v: unknown): string | null {
  if (typeof v === "string") return v.trim() || null;
  if (!v || typeof v !== "object") return null;
  const m = v as Record<string, unknown>;
  for (const k of ["en-GB", "en-US", "en"]) {
    const s = m[k];
    if (typeof s === "string" && s.trim()) return s.trim();
  }
  return null;
}

/** `medtop:NNNNNNNN` of a qcode or a Media Topics URI, or null. */
export function toQcode(ref: unknown): string | null {
  if (typeof ref !== "string") return null;
  const s = ref.trim();
  if (QCODE.test(s)) return s;
  const m = URI_CODE.exec(s);
  return m ? `medtop:${m[1]}` : null;
}

/**
 * A Media Topics qcode from a URL segment: `11000000` or `medtop:11000000` (codes are
 * usually eight digits; the 2019 release also has one like `2000118x`); null otherwise.
 */
export function qcodeFromParam(s: string): string | null {
  if (/^[0-9A-Za-z]{4,16}$/.test(s)) return `medtop:${s}`;
  return QCODE.test(s) ? s : null;
}

/** The eight digits of a qcode (`medtop:11000000` → `11000000`), for URLs. */
export function codeOf(qcode: string): string {
  return qcode.replace(/^medtop:/, "");
}

function first(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Parse and check a Media Topics SKOS JSON file.
 * @param text the file's text (UTF-8, BOM allowed).
 * @returns the scheme and its concepts, each with its level, parents listed before children.
 * @throws PressroomError `PRESSROOM_E_TRUNCATED` when the text is not JSON;
 *   `PRESSROOM_E_UNSUPPORTED` when it is JSON but not a Media Topics scheme (no `conceptSet`,
 *   another scheme, a concept without qcode or English label, a broader concept missing
 *   from the file, a cycle), with the concept's position in `detail`.
 */
export function parseMediaTopics(text: string): Vocabulary {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new PressroomError("PRESSROOM_E_TRUNCATED", `not a JSON file: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw unsupported("the top level is not a JSON object");
  const d = doc as Record<string, unknown>;
  const set = d.conceptSet;
  if (!Array.isArray(set)) throw unsupported("it has no conceptSet array");
  const schemeUri = typeof d.uri === "string" ? d.uri : null;
  if (schemeUri !== null && !schemeUri.includes("newscodes/mediatopic")) throw unsupported(`it describes another scheme (${schemeUri.slice(0, 120)})`);
  if (schemeUri === null && d.prefSchemeAlias !== "medtop") throw unsupported("it names no Media Topics scheme (uri or prefSchemeAlias medtop)");
  if (set.length === 0) throw unsupported("its conceptSet is empty");

  type Raw = Omit<Concept, "level"> & { level: number };
  const byQcode = new Map<string, Raw>();
  set.forEach((c: unknown, i: number) => {
    if (!c || typeof c !== "object") throw unsupported(`concept ${i + 1} is not an object`, { index: i });
    const o = c as Record<string, unknown>;
    const qcode = toQcode(o.qcode) ?? toQcode(o.uri);
    if (!qcode) throw unsupported(`concept ${i + 1} has no medtop qcode or Media Topics uri`, { index: i });
    const label = english(o.prefLabel);
    if (!label) throw unsupported(`concept ${qcode} has no English prefLabel`, { index: i, qcode });
    const broaderRef = first(o.broader);
    const broader = broaderRef === undefined || broaderRef === null ? null : toQcode(broaderRef);
    if (broaderRef !== undefined && broaderRef !== null && !broader) throw unsupported(`concept ${qcode} has a broader reference that is not a Media Topic`, { index: i, qcode });
    if (byQcode.has(qcode)) throw unsupported(`concept ${qcode} appears twice`, { index: i, qcode });
    const retired = typeof o.retired === "string" && o.retired.trim() ? o.retired.trim() : null;
    byQcode.set(qcode, {
      qcode,
      uri: typeof o.uri === "string" && URI_CODE.test(o.uri) ? o.uri : `${MEDIATOPIC_SCHEME}${codeOf(qcode)}`,
      label,
      definition: english(o.definition),
      broader,
      level: 0,
      retired,
    });
  });
  const levelOf = (c: Raw): number => {
    if (c.level > 0) return c.level;
    const chain: Raw[] = [];
    let cur: Raw | undefined = c;
    while (cur && cur.level === 0) {
      if (chain.includes(cur) || chain.length > MAX_LEVEL) throw unsupported(`the broader chain of ${c.qcode} loops or is deeper than ${MAX_LEVEL}`, { qcode: c.qcode });
      chain.push(cur);
      if (cur.broader === null) break;
      const parent = byQcode.get(cur.broader);
      if (!parent) throw unsupported(`concept ${cur.qcode} names a broader concept ${cur.broader} that is not in the file`, { qcode: cur.qcode });
      cur = parent;
    }
    let base = cur && cur.level > 0 ? cur.level : 0;
    for (let k = chain.length - 1; k >= 0; k--) chain[k]!.level = ++base;
    return c.level;
  };
  const concepts = [...byQcode.values()].map((c) => ({ ...c, level: levelOf(c) }));
  concepts.sort((a, b) => a.level - b.level || a.qcode.localeCompare(b.qcode));
  if (!concepts.some((c) => c.level === 1)) throw unsupported("it has no top-level concept");
  const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
  return {
    scheme: {
      uri: schemeUri ?? MEDIATOPIC_SCHEME,
      released: str(d.dateReleased) ?? str(d.modified),
      copyrightHolder: str(d.copyrightHolder),
      licence: str(d.licenceLink) ?? str(d.license) ?? str(d.licence),
    },
    concepts,
  };
}
