import { parseHTML } from "linkedom";

/** The named entities met in practice; anything else is resolved once through linkedom and cached. */
const NAMED: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", ndash: "\u2013", mdash: "\u2014",
  lsquo: "\u2018", rsquo: "\u2019", sbquo: "\u201a", ldquo: "\u201c", rdquo: "\u201d", bdquo: "\u201e",
  hellip: "\u2026", bull: "\u2022", middot: "\u00b7", copy: "\u00a9", reg: "\u00ae", trade: "\u2122",
  deg: "\u00b0", euro: "\u20ac", pound: "\u00a3", cent: "\u00a2", sect: "\u00a7", para: "\u00b6",
  laquo: "\u00ab", raquo: "\u00bb", shy: "\u00ad", ensp: "\u2002", emsp: "\u2003", thinsp: "\u2009",
  zwnj: "\u200c", zwj: "\u200d", lrm: "\u200e", rlm: "\u200f", times: "\u00d7", divide: "\u00f7",
  eacute: "\u00e9", Eacute: "\u00c9", egrave: "\u00e8", aacute: "\u00e1", agrave: "\u00e0", iacute: "\u00ed",
  oacute: "\u00f3", uacute: "\u00fa", ntilde: "\u00f1", Ntilde: "\u00d1", ccedil: "\u00e7", uuml: "\u00fc",
  ouml: "\u00f6", auml: "\u00e4", euml: "\u00eb", iuml: "\u00ef", acirc: "\u00e2", ecirc: "\u00ea",
  ocirc: "\u00f4", atilde: "\u00e3", otilde: "\u00f5", szlig: "\u00df", frac12: "\u00bd", frac14: "\u00bc",
};

const cache = new Map<string, string>();

function lookup(name: string): string | null {
  const known = NAMED[name];
  if (known !== undefined) return known;
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  let value = `&${name};`;
  if (/^[A-Za-z][A-Za-z0-9]{1,31}$/.test(name)) {
    const { document } = parseHTML(`<!doctype html><html><body><p>&${name};</p></body></html>`);
    value = document.querySelector("p")?.textContent ?? value;
  }
  if (cache.size < 500) cache.set(name, value);
  return value;
}

function fromCodePoint(cp: number): string {
  if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return "\ufffd";
  // Windows-1252 numeric references (&#146; for ’) as browsers read them.
  if (cp >= 0x80 && cp <= 0x9f) {
    const w = CP1252_C1[cp - 0x80];
    if (w) return w;
  }
  return String.fromCodePoint(cp);
}

const CP1252_C1 = [
  "\u20ac", "", "\u201a", "\u0192", "\u201e", "\u2026", "\u2020", "\u2021", "\u02c6", "\u2030", "\u0160", "\u2039", "\u0152", "", "\u017d", "",
  "", "\u2018", "\u2019", "\u201c", "\u201d", "\u2022", "\u2013", "\u2014", "\u02dc", "\u2122", "\u0161", "\u203a", "\u0153", "", "\u017e", "\u0178",
];

/** Decodes HTML/XML character references (`&amp;`, `&#8217;`, `&#x2019;`, `&rsquo;`) in `s`. */
export function decodeEntities(s: string): string {
  if (s.indexOf("&") < 0) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});/g, (whole, body: string) => {
    if (body[0] === "#") {
      const cp = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return fromCodePoint(cp);
    }
    return lookup(body) ?? whole;
  });
}
