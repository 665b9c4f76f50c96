/**
 * Corpus documents and other wires' reformattings of them, for the labelled pairs of the
 * near-duplicate detector (test/dedupe/pairs.json). Every reformatting is produced here by
 * our own code from a real corpus body, then read back through the real ingest pipeline
 * (readDocuments → analyze → toItemInput), exactly like an import of another wire's copy.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ItemInput } from "../../src/core/item.js";
import { readDocuments } from "../../src/ingest/index.js";
import { analyze } from "../../src/transcript/index.js";
import { toItemInput } from "../../src/importer/to-item.js";
import { CORPUS } from "../helpers.js";

/** One corpus document: its file (relative to the corpus), entry index within the file, and analysed input. */
export interface CorpusDoc {
  file: string;
  entry: number;
  input: ItemInput;
}

/** Read one input through the real pipeline; every document it yields, analysed. */
export function ingest(bytes: Buffer, path: string): ItemInput[] {
  return readDocuments(bytes, path).map((d) => toItemInput(d, analyze(d)));
}

let cache: CorpusDoc[] | null = null;

/** Every document of the shared corpus (feeds give one per entry), in file-name order. */
export function corpusDocs(): CorpusDoc[] {
  if (cache) return cache;
  const out: CorpusDoc[] = [];
  for (const dir of readdirSync(CORPUS).sort()) {
    const p = join(CORPUS, dir);
    if (!statSync(p).isDirectory()) continue;
    for (const f of readdirSync(p).sort()) {
      const file = `${dir}/${f}`;
      ingest(readFileSync(join(p, f)), join(p, f)).forEach((input, entry) => out.push({ file, entry, input }));
    }
  }
  cache = out;
  return out;
}

/** The document `file`#`entry` of the corpus; throws when there is none. */
export function corpusDoc(file: string, entry = 0): CorpusDoc {
  const d = corpusDocs().find((x) => x.file === file && x.entry === entry);
  if (!d) throw new Error(`no corpus document ${file}#${entry}`);
  return d;
}

/** Names of the reformattings {@link reformat} knows. */
export const VARIANTS = ["wire-plain", "html-chrome", "markdown", "retyped", "corrected", "footer", "long-footer"] as const;
export type Variant = (typeof VARIANTS)[number];

function paragraphs(body: string): string[] {
  return body.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean);
}

/** Hard-wrap a paragraph at `width` columns. */
export function wrap(text: string, width: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join("\n");
}

/** Straight quotes and ASCII dashes for typographic ones (and the reverse), as other wires' systems do. */
export function retype(text: string): string {
  return text
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/—/g, " -- ")
    .replace(/–/g, "-")
    .replace(/…/g, "...")
    .replace(/ {2,}/g, " ");
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Whether a paragraph looks like a dateline line (short, upper-case place, or a date line). */
function isDatelineParagraph(p: string): boolean {
  const words = p.split(/\s+/).length;
  return words <= 12 && (/^[A-Z][A-Z .,'-]{2,}(\s*[,–—-]|$)/.test(p) || /\b(19|20)\d\d\b/.test(p));
}

const ABOUT = "The Lantern Street Wire carries releases from public offices and agencies to newsrooms around the clock. Subscribers receive every release by feed, e-mail and the web. Questions about this distribution go to the night desk.";

/** A long standard disclaimer of the kind some wires print under every release (our own words, about 150 words). */
const DISCLAIMER = [
  "Lantern Street Wire distributes this material on behalf of the issuing office, which is solely responsible for its content. The wire does not edit releases except to correct obvious typing errors in headlines, and it does not verify the statements, figures or quotations they contain.",
  "Releases are delivered to subscribers in the order they are received. Times shown on the wire are those of receipt by the night desk, not of the event described, and may differ from the time given by the issuer.",
  "Newsrooms may republish this release in full or in part without further permission. Please credit the issuing office, not the wire. Corrections and withdrawals are sent to every subscriber who received the original release, and are listed on the corrections page for ninety days.",
  "Questions about delivery, formats or subscriptions go to the night desk, which is staffed every day of the year.",
].join("\n\n");

/**
 * Another wire's copy of `doc` as a file (`name` is a path whose extension tells its format):
 * - `wire-plain`: plain text with a wire banner, "FOR IMMEDIATE RELEASE", a dateline lead,
 *   lines wrapped at 68 columns, "###" and a media-contact line;
 * - `html-chrome`: a saved page with navigation, a related-links aside and a footer;
 * - `markdown`: YAML front matter and paragraphs wrapped at 72 columns;
 * - `retyped`: straight quotes, ASCII dashes, wrapped at 50 columns, dateline paragraph dropped;
 * - `corrected`: one sentence of the middle paragraph changed and a correction note added;
 * - `footer`: the wire's standard paragraph (in a form the normaliser does not know) and three
 *   related headlines appended.
 * - `long-footer`: a wire disclaimer of about 150 words appended (a short release is then well
 *   under half of the copy: caught by the containment rule).
 */
export function reformat(doc: ItemInput, variant: Variant): { name: string; text: string } {
  const paras = paragraphs(doc.body);
  const date = doc.published?.slice(0, 10) ?? "2024-01-01";
  switch (variant) {
    case "wire-plain": {
      const lead = `${(doc.dateline ?? "WASHINGTON").toUpperCase()}, ${date} /Lantern Street Wire/ -- `;
      const body = paras.map((p, i) => wrap(i === 0 ? lead + p : p, 68)).join("\n\n");
      return {
        name: "wire.txt",
        text: `There were 212 press releases posted in the last 24 hours and 80,315 in the last 365 days.\n\n${doc.headline}\n\nFOR IMMEDIATE RELEASE\n\n${body}\n\n###\n\nMedia contact: desk@lantern-street.example\n`,
      };
    }
    case "html-chrome": {
      const body = paras.map((p) => `      <p>${escapeHtml(p)}</p>`).join("\n");
      const text = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(doc.headline)} | Harbour Light Newswire</title>
<meta property="og:title" content="${escapeHtml(doc.headline)}">
<meta property="og:site_name" content="Harbour Light Newswire">
<meta property="article:published_time" content="${date}T12:00:00Z">
</head><body>
<header><nav><a href="/">Home</a> <a href="/latest">Latest releases</a> <a href="/topics">Topics</a> <a href="/subscribe">Subscribe</a></nav></header>
<main>
  <article>
    <h1>${escapeHtml(doc.headline)}</h1>
    <p class="byline">Distributed by Harbour Light Newswire on ${date}</p>
    <div class="content">
${body}
    </div>
  </article>
  <aside><h2>More from this wire</h2><ul><li><a href="/r/1">Harbour authority opens new ferry terminal</a></li><li><a href="/r/2">Regional library extends weekend hours</a></li><li><a href="/r/3">Tide gauge network gets new sensors</a></li></ul></aside>
</main>
<footer><p>Harbour Light Newswire. Releases are the responsibility of their issuers.</p><p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></p></footer>
</body></html>
`;
      return { name: "page.html", text };
    }
    case "markdown": {
      const fm = `---\ntitle: ${JSON.stringify(doc.headline)}\ndate: '${date}'\nsource_url: https://wire.example.net/releases/${date}/copy\n---\n\n`;
      return { name: "copy.md", text: fm + paras.map((p) => wrap(p.replace(/([*_[\]])/g, "\\$1"), 72)).join("\n\n") + "\n" };
    }
    case "retyped": {
      const kept = paras.length > 2 && isDatelineParagraph(paras[0]!) ? paras.slice(1) : paras;
      return { name: "retyped.txt", text: `${retype(doc.headline)}\n\n${kept.map((p) => wrap(retype(p), 50)).join("\n\n")}\n` };
    }
    case "corrected": {
      const at = Math.floor(paras.length / 2);
      const edited = paras.map((p, i) => {
        if (i !== at) return p;
        const words = p.split(/\s+/);
        // A corrected figure or name: change three words in the middle of the paragraph.
        const mid = Math.floor(words.length / 2);
        for (let k = mid; k < Math.min(words.length, mid + 3); k++) words[k] = `corrected${k}`;
        return words.join(" ");
      });
      return { name: "corrected.txt", text: `${doc.headline}\n\n${edited.join("\n\n")}\n\nCorrection: an earlier version of this release misstated a detail in paragraph ${at + 1}.\n` };
    }
    case "long-footer": {
      return { name: "disclaimer.txt", text: `${doc.headline}\n\n${paras.join("\n\n")}\n\n${DISCLAIMER}\n` };
    }
    case "footer": {
      return {
        name: "footer.txt",
        text: `${doc.headline}\n\n${paras.join("\n\n")}\n\n${ABOUT}\n\nRelated: Harbour authority opens new ferry terminal; Regional library extends weekend hours; Tide gauge network gets new sensors.\n`,
      };
    }
  }
}

/** The analysed body of `doc` as `variant` would give it (through the real ingest pipeline), or the original body. */
export function bodyOf(doc: CorpusDoc, variant: Variant | null): string {
  if (variant === null) return doc.input.body;
  const { name, text } = reformat(doc.input, variant);
  const got = ingest(Buffer.from(text, "utf8"), `/reformatted/${name}`);
  if (got.length !== 1) throw new Error(`${doc.file}#${doc.entry} as ${variant}: ${got.length} documents`);
  return got[0]!.body;
}
