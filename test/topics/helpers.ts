/** Shared bits of the topics tests: the vocabulary file CI uses, and small inputs we wrote. */
import { createHash } from "node:crypto";
import { join } from "node:path";
import type { ItemInput } from "../../src/core/item.js";
import { SHARED } from "../helpers.js";

/** The Media Topics release tests and CI load (IPTC, CC BY 4.0; not carried in the repo). */
export const VOCAB = join(SHARED, "vocab", "iptc-mediatopic-2019-04.json");

/** A press release we wrote, stored like an import would. */
export function release(identity: string, headline: string, body: string, section: string | null = "Office of Examples"): ItemInput {
  const p = {
    identity,
    headline,
    section,
    kind: "press_release" as const,
    published: "2026-03-02",
    dateline: null,
    source: { path: null, url: null, guid: identity, name: "Example Office", format: "text" as const },
    body,
    transcript: null,
    groundRules: { basis: null, attribute_to: null },
  };
  return { ...p, contentHash: createHash("sha256").update(JSON.stringify(p)).digest("hex") };
}

/** A tiny Media Topics-shaped vocabulary of our own, for loader edge cases. */
export function miniVocab(concepts: Record<string, unknown>[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ uri: "http://cv.iptc.org/newscodes/mediatopic/", prefSchemeAlias: "medtop", dateReleased: "2030-01-01T00:00:00+00:00", licenceLink: "http://creativecommons.org/licenses/by/4.0/", ...extra, conceptSet: concepts });
}

/** A concept of {@link miniVocab}. */
export function concept(code: string, label: string, broader?: string, more: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    uri: `http://cv.iptc.org/newscodes/mediatopic/${code}`,
    qcode: `medtop:${code}`,
    prefLabel: { "en-GB": label },
    definition: { "en-GB": `Definition of ${label}` },
    ...(broader ? { broader: [`http://cv.iptc.org/newscodes/mediatopic/${broader}`] } : {}),
    ...more,
  };
}
