/**
 * Repair of UTF-8 text that was once decoded as Windows-1252 and re-encoded
 * ("mojibake": `â€™` for `’`, `Ã©` for `é`, `Â ` for NBSP). Only exact UTF-8 byte
 * sequences are rewritten, so correct accented text is never touched.
 */

/** Windows-1252 bytes 0x80–0x9F → Unicode (undefined slots map to the C1 control itself). */
const CP1252_HIGH = "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

const CHAR_TO_BYTE = new Map<string, number>();
for (let i = 0; i < 32; i++) CHAR_TO_BYTE.set(CP1252_HIGH[i] as string, 0x80 + i);
for (let b = 0xa0; b <= 0xff; b++) CHAR_TO_BYTE.set(String.fromCharCode(b), b);

const esc = (s: string): string => s.replace(/[\\\]\-^]/g, "\\$&");
/** Characters whose Windows-1252 byte is a UTF-8 continuation byte (0x80–0xBF). */
const CONT = `[${esc(CP1252_HIGH)}\\u00a0-\\u00bf]`;
const SEQ = new RegExp(`[\\u00c2-\\u00df]${CONT}|[\\u00e0-\\u00ef]${CONT}{2}|[\\u00f0-\\u00f4]${CONT}{3}`, "g");
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Quick test: does `s` contain at least one mojibake sequence? */
export function hasMojibake(s: string): boolean {
  SEQ.lastIndex = 0;
  const found = SEQ.test(s) || s.includes("\u00e2\u20ac\ufffd");
  SEQ.lastIndex = 0;
  return found;
}

/** `”` (E2 80 9D) whose last byte, undefined in Windows-1252, became U+FFFD or was kept as U+009D. */
const RDQUO_LOST = /\u00e2\u20ac[\ufffd]/g;

function repairOnce(s: string): { text: string; count: number } {
  let count = 0;
  const text = s.replace(RDQUO_LOST, () => {
    count++;
    return "\u201d";
  }).replace(SEQ, (seq) => {
    const bytes = new Uint8Array(seq.length);
    for (let i = 0; i < seq.length; i++) {
      const b = CHAR_TO_BYTE.get(seq[i] as string);
      if (b === undefined) return seq;
      bytes[i] = b;
    }
    try {
      const out = utf8.decode(bytes);
      count++;
      return out;
    } catch {
      return seq;
    }
  });
  return { text, count };
}

/**
 * Rewrites every Windows-1252-misread UTF-8 sequence in `s` (twice at most, for
 * doubly misread text). Returns the repaired text and how many sequences were fixed.
 */
export function repairMojibake(s: string): { text: string; count: number } {
  if (!hasMojibake(s)) return { text: s, count: 0 };
  const first = repairOnce(s);
  if (first.count === 0 || !hasMojibake(first.text)) return first;
  const second = repairOnce(first.text);
  return { text: second.text, count: first.count + second.count };
}
