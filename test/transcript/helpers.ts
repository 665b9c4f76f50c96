import type { Document } from "../../src/core/document.js";

/** A Document built from our own paragraphs (no corpus text). */
export function doc(paragraphs: string[], title = "Test Briefing", extra: Partial<Document> = {}): Document {
  return {
    source: { path: null, url: null, guid: null, name: null, format: "text" },
    title,
    section: null,
    published: null,
    dateline: null,
    kindHint: null,
    paragraphs,
    notes: [],
    ...extra,
  };
}
