/**
 * Speaker-label detection (labeling.md, "Turns"): an upper-case or title-case name,
 * title or role followed by a colon (`MR PRICE:`, `MS. O'NEILL:`, `Moderator:`,
 * `SENIOR STATE DEPARTMENT OFFICIAL ONE:`), optionally with a stage direction in
 * parentheses before or after the colon (`THE SECRETARY (in progress):`,
 * `FOREIGN MINISTER X: (Via interpreter)`), or the White House question mark `Q`
 * standing alone before the text.
 *
 * All patterns are anchored (sticky) and bounded, so matching is linear in the input.
 */

/** One label found in a paragraph. */
export interface LabelHit {
  /** Label as printed, without colon or stage direction, white space collapsed. */
  label: string;
  /** Stage direction printed with the label, without parentheses (`Via interpreter`), or null. */
  direction: string | null;
  /** Offset of the label's first character in the paragraph. */
  start: number;
  /** Offset where the spoken text starts (after colon, white space; a direction after the colon is kept in the text). */
  textStart: number;
  /** `colon` for `LABEL:`, `q` for the bare White House `Q`. */
  shape: "colon" | "q";
}

// Token: starts with a capital letter or digit, at most 40 characters.
const TOKEN = String.raw`[\p{Lu}\d][\p{L}\p{M}\d.'’&\-]{0,39}`;
const PARTICLE = String.raw`(?:de|da|del|della|di|du|van|von|der|den|al|el|bin|ibn|la|le|dos|das|y|of|and)`;
// Up to 10 tokens separated by single spaces; optional "(direction)" before the colon.
const COLON_LABEL_RE = new RegExp(
  String.raw`(${TOKEN}(?: (?:${TOKEN}|${PARTICLE})){0,9})(?: ?\(([^()]{1,60})\))? ?:(?!\d)[ ]*`,
  "uy",
);
const DIRECTION_AFTER_RE = /\(([^()]{1,60})\)/y;
const Q_LABEL_RE = /Q(?:\.|:)?(?:[ \u00a0\u2002-\u200a\u202f\t]+|$)(?=$|["“‘'(\[—–\-…\p{Lu}\d¿¡])/uy;
const HAS_LOWER_RE = /\p{Ll}/u;
const HAS_LETTER_RE = /\p{L}/u;
const MC_RE = /\b(?:Mc|Mac)(?=\p{Lu})/gu;

/** Role words accepted in any case (`Moderator:`, `QUESTION:`). Upper-cased. */
export const ROLE_WORDS = new Set([
  "MODERATOR", "OPERATOR", "QUESTION", "QUESTIONER", "Q", "REPORTER", "JOURNALIST", "INTERPRETER", "TRANSLATOR",
  "PARTICIPANT", "PARTICIPANTS", "STAFF", "STAFFER", "AUDIENCE", "AUDIENCE MEMBER", "AUDIENCE MEMBERS", "CROWD",
  "HOST", "ANCHOR", "INTERVIEWER", "PANELIST", "SPEAKER", "OFFICIAL", "PRESS", "VOICE", "UNIDENTIFIED",
]);

const HONORIFICS = new Set([
  "MR", "MR.", "MS", "MS.", "MRS", "MRS.", "DR", "DR.", "MX.", "THE", "SECRETARY", "DEPUTY", "UNDER", "ASSISTANT", "ACTING",
  "AMBASSADOR", "MINISTER", "FOREIGN", "PRIME", "PRESIDENT", "VICE", "SENATOR", "SEN.", "REP.", "REPRESENTATIVE",
  "GOVERNOR", "GOV.", "GENERAL", "GEN.", "ADMIRAL", "ADM.", "COLONEL", "COL.", "CAPTAIN", "MAYOR", "SPOKESPERSON",
  "SPOKESMAN", "SPOKESWOMAN", "SENIOR", "SPECIAL", "DIRECTOR", "CHAIRMAN", "CHAIR", "COMMISSIONER", "ADMINISTRATOR",
  "ATTORNEY", "JUDGE", "JUSTICE", "SHERIFF", "CHIEF", "COORDINATOR", "ENVOY", "COUNSELOR", "HIS", "HER", "CABINET",
  "HIGH", "EU", "UN", "NATO", "CONGRESSMAN", "CONGRESSWOMAN", "SPEAKER", "LEADER", "PRINCIPAL", "FIRST", "LADY", "MADAM",
  "PROFESSOR", "PROF.", "REVEREND", "REV.", "FATHER", "SISTER", "KING", "QUEEN", "PRINCE", "PRINCESS", "SHEIKH", "EMIR",
  "CROWN", "DEFENSE", "NATIONAL", "PRESS", "SECRETARY-GENERAL", "SECRETARY-DESIGNATE", "COMMANDER", "LIEUTENANT", "LT.",
]);

/** Upper-case words that end in a colon in press releases but never name a speaker. */
const NOT_LABELS = new Set([
  "NOTE", "NOTES", "END", "CONTACT", "CONTACTS", "MEDIA CONTACT", "PRESS CONTACT", "MEDIA CONTACTS", "UPDATE", "UPDATED",
  "SOURCE", "SOURCES", "WHEN", "WHERE", "WHAT", "WHO", "WHY", "HOW", "DATE", "DATES", "TIME", "TIMES", "LOCATION", "VENUE",
  "RSVP", "PHOTO", "PHOTOS", "VIDEO", "AUDIO", "LINK", "LINKS", "TAGS", "TOPICS", "SUBJECT", "RE", "FROM", "TO", "CC",
  "ATTN", "ATTENTION", "IMPORTANT", "WARNING", "CORRECTION", "CLARIFICATION", "BACKGROUND", "SUMMARY", "ABSTRACT",
  "TRANSCRIPT", "EMBARGOED", "EMBARGO", "FOR IMMEDIATE RELEASE", "EDITOR'S NOTE", "EDITOR’S NOTE", "EDITORS NOTE",
  "PLEASE NOTE", "AGENDA", "PARTICIPANTS", "ATTENDEES", "SPEAKERS", "PROGRAM", "EVENT", "DETAILS", "WEBSITE", "EMAIL",
  "E-MAIL", "PHONE", "TEL", "TEL.", "FAX", "WEB", "URL", "NB", "P.S", "PS", "FAQ", "Q&A", "ADDRESS", "COST", "FEE",
  "TICKETS", "REGISTRATION", "DEADLINE", "OPEN PRESS", "CLOSED PRESS", "POOL", "POOL SPRAY", "WASHINGTON", "NEW YORK",
  "MEDIA", "CREDIT", "CAPTION", "PHOTO CREDIT", "RELATED", "SEE ALSO", "READ MORE", "FACT SHEET", "READOUT", "STATEMENT",
  "REMARKS", "AS PREPARED FOR DELIVERY", "AS DELIVERED", "RELEASE", "MORE", "PM", "AM", "A.M", "P.M", "ET", "EDT", "EST",
  "II", "III", "IV", "ARTICLE", "SECTION", "PART", "CHAPTER", "TITLE", "STEP", "PHASE", "OPTION", "GOAL", "OBJECTIVE",
]);

/** Title-case label words accepted outside the role list (`Secretary Blinken:`). */
const TITLE_CASE_HEADS = new Set([
  "Mr", "Mr.", "Ms", "Ms.", "Mrs", "Mrs.", "Dr.", "Secretary", "Ambassador", "Minister", "President", "Senator",
  "Governor", "Spokesperson", "Deputy", "Assistant", "Under", "Acting", "Special", "Senior", "Foreign", "Prime", "Vice",
]);

/**
 * Decide whether the raw text before a colon is a speaker label.
 * Upper-case labels are accepted unless they are press-release headings
 * (`NOTE`, `MEDIA CONTACT`, `WHEN`); mixed-case only for role words
 * (`Moderator`) and titles followed by a name (`Secretary Blinken`).
 */
export function isSpeakerLabel(label: string): boolean {
  if (label.length > 80 || !HAS_LETTER_RE.test(label)) return false;
  const upper = label.toUpperCase();
  if (NOT_LABELS.has(upper)) return false;
  const toks = label.split(" ");
  const first = toks[0] ?? "";
  // digits only as a trailing ordinal ("OFFICIAL 1") — never as the first token
  if (/^\d/.test(first)) return false;
  if (first.endsWith("-") || first.endsWith("'")) return false;
  const stripped = label.replace(MC_RE, "").replace(/\b(?:de|da|del|della|di|du|van|von|der|den|al|el|bin|ibn|la|le|dos|das|y|of|and)\b/g, "");
  if (!HAS_LOWER_RE.test(stripped)) {
    // all caps: must contain a word of ≥ 2 letters, or be a single-letter role like Q
    if (toks.length === 1 && first.replace(/[^\p{L}]/gu, "").length < 2 && first !== "Q") return false;
    return true;
  }
  if (ROLE_WORDS.has(upper)) return true;
  // Title-case: every token capitalised (particles aside), head is a title, 2–5 tokens.
  if (toks.length < 2 || toks.length > 5) return false;
  if (!TITLE_CASE_HEADS.has(first)) return false;
  return toks.every((t) => /^[\p{Lu}]/u.test(t) || /^(?:de|da|del|di|du|van|von|der|al|el|bin|la|le)$/.test(t));
}

/** Role and title nouns anywhere in a label that make it a plausible speaker without a name. */
const SPEAKER_NOUNS = new Set([
  "OFFICIAL", "OFFICIALS", "SECRETARY", "MINISTER", "PRESIDENT", "MODERATOR", "OPERATOR", "QUESTION", "PARTICIPANT",
  "STAFF", "INTERPRETER", "TRANSLATOR", "SPOKESPERSON", "SPOKESMAN", "SPOKESWOMAN", "AMBASSADOR", "AIDE", "REPORTER",
  "BRIEFER", "DIRECTOR", "ADVISOR", "ADVISER", "ENVOY", "CHAIR", "CHAIRMAN", "GOVERNOR", "SENATOR", "MAYOR", "HOST",
  "ANCHOR", "AUDIENCE", "MEMBER", "VOICE", "UNIDENTIFIED", "COORDINATOR", "ADMINISTRATOR", "COMMISSIONER", "GENERAL",
  "ADMIRAL", "PREMIER", "CHANCELLOR", "SPEAKER", "LEADER", "REPRESENTATIVE", "DELEGATE", "NARRATOR", "ANNOUNCER", "PANELIST",
]);

/**
 * A plausible speaker (labeling.md, "Turns"): honorific + name, a title/role word, or a
 * known-role phrase. Other label-shaped text (`SAMPLE CONTENT`) counts only when it recurs.
 */
export function isPlausibleSpeaker(label: string): boolean {
  if (hasHonorific(label) || ROLE_WORDS.has(label.toUpperCase())) return true;
  for (const t of label.toUpperCase().split(" ")) if (SPEAKER_NOUNS.has(t) || HONORIFICS.has(t)) return true;
  return false;
}

/** True when `label` starts with a title/honorific (`MR.`, `SECRETARY`, `THE`) — a strongly label-shaped token. */
export function hasHonorific(label: string): boolean {
  const first = (label.split(" ")[0] ?? "").toUpperCase();
  return HONORIFICS.has(first);
}

/**
 * Try to read a label at offset `pos` of `s`.
 * @returns the hit, or null when no label starts there. Never throws.
 */
export function matchLabelAt(s: string, pos: number, allowQ = true, nextColon = -2): LabelHit | null {
  if (allowQ && s.charCodeAt(pos) === 81 /* Q */) {
    Q_LABEL_RE.lastIndex = pos;
    const q = Q_LABEL_RE.exec(s);
    if (q) return { label: "Q", direction: null, start: pos, textStart: pos + q[0].length, shape: "q" };
  }
  // cheap pre-check: a colon label needs a colon within the label's maximum length
  const colon = nextColon === -2 ? s.indexOf(":", pos) : nextColon;
  if (colon < 0 || colon - pos > 150) return null;
  COLON_LABEL_RE.lastIndex = pos;
  const m = COLON_LABEL_RE.exec(s);
  if (!m) return null;
  const raw = (m[1] ?? "").trim();
  if (!isSpeakerLabel(raw)) return null;
  let direction = m[2] ? m[2].trim() : null;
  let textStart = pos + m[0].length;
  if (direction === null) {
    DIRECTION_AFTER_RE.lastIndex = textStart;
    const d = DIRECTION_AFTER_RE.exec(s);
    if (d) direction = (d[1] ?? "").trim();
  }
  return { label: raw, direction, start: pos, textStart, shape: "colon" };
}

// A place where a buried label may start: after sentence-final punctuation and a space.
const BURIED_RE = /[.?!"”’)\]—–…:] (?=[\p{Lu}])/gu;

/** Options for {@link findLabels}. */
export interface FindLabelsOptions {
  /** Labels already seen at paragraph starts in this document (upper-cased). */
  known?: ReadonlySet<string>;
  /** Accept a bare `Q` label inside a paragraph (the document uses `Q` labels). */
  buriedQ?: boolean;
  /** Look for labels after the first one (default true). */
  buried?: boolean;
  /**
   * The result of `matchLabelAt(p, 0, true)` when the caller already has it (null: no label
   * at the start); undefined: read it here.
   */
  head?: LabelHit | null;
}

/**
 * All labels in a paragraph: one at its start, and labels "buried" mid-paragraph after
 * the previous speaker's last sentence (labeling.md: a label buried mid-paragraph still
 * starts a turn). A buried label is accepted only when the document already uses it at a
 * paragraph start, or it is a role word, or an upper-case title + name (`MS. PSAKI`).
 */
export function findLabels(p: string, opts: FindLabelsOptions = {}): LabelHit[] {
  const out: LabelHit[] = [];
  const head = opts.head !== undefined ? opts.head : matchLabelAt(p, 0, true);
  if (head) out.push(head);
  if (opts.buried === false) return out;
  const from = head ? head.textStart : 0;
  let colon = p.indexOf(":", from);
  if (colon < 0 && !(opts.buriedQ && p.includes(" Q ", from))) return out;
  BURIED_RE.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = BURIED_RE.exec(p)) !== null) {
    const pos = m.index + m[0].length;
    if (colon >= 0 && colon < pos) colon = p.indexOf(":", pos);
    const isQ = p.charCodeAt(pos) === 81 && (p.charCodeAt(pos + 1) === 32 || p.charCodeAt(pos + 1) === 58);
    if (!(isQ && opts.buriedQ) && (colon < 0 || colon - pos > 150)) {
      if (colon < 0 && !opts.buriedQ) break;
      continue;
    }
    const hit = matchLabelAt(p, pos, !!opts.buriedQ && isQ, colon);
    if (!hit) continue;
    if (hit.shape === "colon") {
      const up = hit.label.toUpperCase();
      // a title-case name inside running text ("for you, President Biden: just an update") is
      // an address, not a label: buried labels are upper-case (role words aside)
      if (HAS_LOWER_RE.test(hit.label) && !ROLE_WORDS.has(up)) continue;
      const ok = (opts.known?.has(up) ?? false) || ROLE_WORDS.has(up) ||
        (hasHonorific(hit.label) && !HAS_LOWER_RE.test(hit.label) && hit.label.length >= 4 && hit.label.includes(" "));
      if (!ok) continue;
      if (hit.label === "Q" && !opts.buriedQ) continue;
    }
    out.push(hit);
    BURIED_RE.lastIndex = Math.max(BURIED_RE.lastIndex, hit.textStart);
  }
  return out;
}
