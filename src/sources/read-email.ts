/**
 * A raw RFC 822 / MIME message (an `.eml` file, or the body of `POST /api/v1/inbox`) → a
 * Document, as wires accept releases by e-mail. Parsing by mailparser.
 *
 * - Body: the `text/plain` part when there is one; else the HTML part reduced to text by
 *   the importer's HTML reader (scripts, styles and markup dropped, entities decoded).
 *   Quoted-printable/base64 and charsets are decoded by mailparser.
 * - Subject → headline (a `Fwd:`/`Fw:` prefix is dropped); Date → published (with the
 *   stated offset); From display name (else the address) → source name; Message-ID → guid.
 * Attachments are ignored.
 */
import { simpleParser } from "mailparser";
import type { Document } from "../core/document.js";
import { PressroomError } from "../core/errors.js";
import { htmlToParagraphs } from "../ingest/html-blocks.js";
import { findDateline, kindFromText } from "../ingest/metadata.js";
import { collapseWhitespace } from "../ingest/text-normalize.js";
import { parseFeedDate } from "./feed-dates.js";

/** Paragraphs of a plain-text body: blank lines separate paragraphs; hard wraps are joined; quoted (`>`) lines and a `-- ` signature are dropped. */
export function textToParagraphs(text: string): string[] {
  const sig = text.search(/^-- ?$/m);
  const body = (sig >= 0 ? text.slice(0, sig) : text).replace(/\r\n?/g, "\n");
  return body
    .split(/\n[ \t]*\n/)
    .map((block) => block.split("\n").filter((l) => !/^\s*>/.test(l)).join(" "))
    .map((p) => collapseWhitespace(p))
    .filter((p) => p.length > 0);
}

/** The stated date of a message as ISO 8601 with its offset, from the raw `Date:` header when readable. */
function statedDate(raw: string | null, parsed: Date | undefined): string | null {
  if (raw) {
    const iso = parseFeedDate(raw.replace(/\s*\([^)]*\)\s*$/, ""));
    if (iso) return iso;
  }
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed.toISOString().replace(/\.\d{3}Z$/, "+00:00") : null;
}

/**
 * Read one raw message.
 * @param name what to call it in messages (file path, or `inbox`); recorded as `source.path`
 *   when `isFile`.
 * @throws PressroomError `PRESSROOM_E_EMPTY` when the message has no body text,
 *   `PRESSROOM_E_UNSUPPORTED` when the bytes are not a message (no headers at all).
 */
export async function readEmail(raw: Buffer, name: string, opts: { isFile?: boolean } = {}): Promise<Document> {
  const head = raw.subarray(0, 4096).toString("latin1");
  if (!/^[\w-]+:[^\n]*\r?\n/.test(head.replace(/^(?:From [^\n]*\n)/, ""))) {
    throw new PressroomError("PRESSROOM_E_UNSUPPORTED", `${name}: not an e-mail message (no header lines)`);
  }
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  let paragraphs: string[] = [];
  if (mail.text && mail.text.trim()) paragraphs = textToParagraphs(mail.text);
  if (paragraphs.length === 0 && typeof mail.html === "string" && mail.html.trim()) paragraphs = htmlToParagraphs(mail.html);
  if (paragraphs.length === 0) throw new PressroomError("PRESSROOM_E_EMPTY", `${name}: message has no body text`);
  const subject = mail.subject ? collapseWhitespace(mail.subject.replace(/^(?:\s*(?:fwd?|fw)\s*:\s*)+/i, "")) : null;
  const from = mail.from?.value?.[0];
  const sender = from ? (from.name?.trim() || from.address || null) : null;
  // mailparser turns Date into a UTC Date object; the raw line keeps the stated offset.
  const rawDate = mail.headerLines.find((h) => h.key === "date")?.line.replace(/^date:\s*/i, "") ?? null;
  const published = statedDate(rawDate, mail.date);
  const messageId = mail.messageId?.trim().replace(/^<|>$/g, "") || null;
  return {
    source: { path: opts.isFile ? name : null, url: null, guid: messageId ? `mid:${messageId}` : null, name: sender, format: "email" },
    title: subject || null,
    section: null,
    published,
    dateline: findDateline(paragraphs, { title: subject }),
    kindHint: kindFromText(subject),
    paragraphs,
    notes: [],
  };
}
