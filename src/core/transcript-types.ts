/**
 * The structured-transcript contract, as fixed by `../shared/spec/transcript.md`
 * (and its JSON Schema `transcript.schema.json`). These are the field names that
 * `pressroom parse FILE --json` prints and that the store keeps for a transcript.
 * The product may add fields; it never renames or drops these.
 */

/** Item kinds (spec: `kind`). */
export const KINDS = ["transcript", "press_release", "statement", "fact_sheet", "readout", "speech", "media_note", "other"] as const;
export type Kind = (typeof KINDS)[number];

/** Ground-rules basis (spec: `ground_rules.basis`); null when the document does not say. */
export const BASES = ["on_the_record", "on_background", "deep_background", "off_the_record"] as const;
export type Basis = (typeof BASES)[number];

/** Participant roles (spec and `labeling.md`). */
export const ROLES = ["moderator", "operator", "official", "questioner", "interpreter", "other"] as const;
export type Role = (typeof ROLES)[number];

/** Event types (spec: `events[].type`). */
export const EVENT_TYPES = ["inaudible", "crosstalk", "laughter", "applause", "dropped", "rejoined", "pause", "interpretation", "off_mic", "other"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Attribution terms a briefing is given on. */
export interface GroundRules {
  basis: Basis | null;
  /** The attribution reporters must use, title-cased, e.g. `Senior State Department Official`. */
  attribute_to: string | null;
  /** Extension: the briefing is embargoed until the end of the call (or a stated time). */
  embargo?: string | null;
}

/** One distinct speaker. */
export interface Participant {
  /** Stable within the document. */
  id: string;
  /** Label as printed before the colon, white space collapsed; null when the speaker had no label. */
  label: string | null;
  role: Role;
  /** Name in normal case, or null when the document never gives it (or withholds it). */
  name: string | null;
  /** Outlet or organisation as the document gives it, or null. */
  affiliation: string | null;
}

/** One speaker's uninterrupted stretch of speech. */
export interface Turn {
  /** 0-based position in `turns`. */
  index: number;
  /** A participant `id`. */
  speaker: string;
  /** Label as printed on this turn, without the colon. */
  label: string | null;
  /** Spoken text without the label; paragraphs joined by `\n\n`. */
  text: string;
}

/** One question and the answer(s) it got. */
export interface Exchange {
  questioner: string | null;
  question_turns: number[];
  answer_turns: number[];
  follow_up: boolean;
}

/** Something that happened on the record but is not speech. */
export interface TranscriptEvent {
  turn: number;
  type: EventType;
  participant: string | null;
}

/** The whole structure printed by `pressroom parse --json`. */
export interface Structure {
  headline: string;
  section: string | null;
  kind: Kind;
  /** ISO 8601 with offset, or a date alone, as the source states it; null when none. */
  published: string | null;
  dateline: string | null;
  ground_rules: GroundRules;
  participants: Participant[];
  turns: Turn[];
  exchanges: Exchange[];
  events: TranscriptEvent[];
  /** Extension: parser warnings (unresolved labels, leaked background names, ...). */
  warnings?: string[];
}
