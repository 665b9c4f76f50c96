import iconv from "iconv-lite";
import chardet from "chardet";
import { PressroomError } from "../core/errors.js";
import { repairMojibake } from "./mojibake.js";

/** Result of turning raw bytes into text. */
export interface DecodedText {
  /** The text, without a byte-order mark. */
  text: string;
  /** Encoding the bytes were read as (`utf-8`, `utf-16le`, `utf-16be`, `windows-1252`, ...). */
  encoding: string;
  /** Things worth telling the user (e.g. `repaired mojibake (12 sequences)`). */
  notes: string[];
}

const MAGIC: Array<[string, number[]]> = [
  ["PDF", [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ["PNG", [0x89, 0x50, 0x4e, 0x47]],
  ["GIF", [0x47, 0x49, 0x46, 0x38]],
  ["JPEG", [0xff, 0xd8, 0xff]],
  ["ZIP", [0x50, 0x4b, 0x03, 0x04]],
  ["gzip", [0x1f, 0x8b]],
  ["RTF", [0x7b, 0x5c, 0x72, 0x74, 0x66]],
];

function startsWith(bytes: Buffer, sig: number[]): boolean {
  if (bytes.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[i] !== sig[i]) return false;
  return true;
}

/** Guess BOM-less UTF-16 from the pattern of zero bytes in the first 4 KB. */
function sniffUtf16(bytes: Buffer): "utf-16le" | "utf-16be" | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return null;
  let evenZero = 0, oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return "utf-16le";
  if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return "utf-16be";
  return null;
}

function binary(path: string, why: string): PressroomError {
  return new PressroomError("PRESSROOM_E_BINARY", `${path}: not a text document (${why})`, { path });
}

/** Share of C0 control characters other than tab/newline/CR/FF in the first 8 KB of text. */
function controlRatio(text: string): number {
  const sample = text.length > 8192 ? text.slice(0, 8192) : text;
  if (sample.length === 0) return 0;
  const bad = sample.match(/[\u0001-\u0008\u000b\u000e-\u001f\ufffd]/g);
  return (bad ? bad.length : 0) / sample.length;
}

/** Charset declared inside the document (`<?xml encoding=...?>`, `<meta charset=...>`). */
function declaredCharset(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 2048).toString("latin1");
  const m = /<\?xml[^>]*encoding=["']([\w.:-]+)["']/i.exec(head) ?? /<meta[^>]+charset=["']?([\w.:-]+)/i.exec(head);
  return m?.[1] ?? null;
}

/** Pick a single-byte encoding for non-UTF-8 input: declared charset, else chardet, else Windows-1252. */
function legacyEncoding(bytes: Buffer): string {
  const declared = declaredCharset(bytes);
  if (declared && !/^utf-?8$/i.test(declared) && iconv.encodingExists(declared)) {
    return /^(iso-8859-1|latin-?1|us-ascii|ascii)$/i.test(declared) ? "windows-1252" : declared.toLowerCase();
  }
  const guesses = chardet.analyse(bytes.subarray(0, 65536));
  const top = guesses[0];
  // Latin-1 family guesses are read as Windows-1252 (its superset); others only when chardet is sure.
  if (top && top.confidence >= 80 && !/^(ISO-8859-1|windows-1252|UTF-8|ASCII)$/i.test(top.name) && iconv.encodingExists(top.name)) {
    return top.name.toLowerCase();
  }
  return "windows-1252";
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes raw bytes to text: UTF-8 (with or without BOM), UTF-16 LE/BE (BOM, or
 * sniffed from zero bytes), otherwise a legacy single-byte encoding (Windows-1252
 * unless declared or clearly detected). UTF-8 text that was once misread as
 * Windows-1252 is repaired. Pure: no I/O.
 *
 * @throws PressroomError `PRESSROOM_E_BINARY` for known binary formats, NUL bytes or
 *   control-character noise; `PRESSROOM_E_EMPTY` when there are no bytes or only white space.
 */
export function decodeBytes(bytes: Buffer, path: string): DecodedText {
  const notes: string[] = [];
  if (bytes.length === 0) throw new PressroomError("PRESSROOM_E_EMPTY", `${path}: file is empty (0 bytes)`, { path });
  for (const [name, sig] of MAGIC) if (startsWith(bytes, sig)) throw binary(path, `${name} data`);

  let text: string;
  let encoding: string;
  /** The text came from UTF-8 bytes without NUL bytes (checked on the bytes, no need to look at the text again). */
  let utf8NoNul = false;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    encoding = "utf-8";
    text = bytes.subarray(3).toString("utf8");
  } else if (startsWith(bytes, [0xff, 0xfe])) {
    encoding = "utf-16le";
    text = iconv.decode(bytes.subarray(2), "utf-16le");
  } else if (startsWith(bytes, [0xfe, 0xff])) {
    encoding = "utf-16be";
    text = iconv.decode(bytes.subarray(2), "utf-16be");
  } else {
    const sniffed = sniffUtf16(bytes);
    if (sniffed) {
      encoding = sniffed;
      text = iconv.decode(bytes, sniffed);
      notes.push(`decoded as ${sniffed} (no byte-order mark)`);
    } else {
      if (bytes.indexOf(0) >= 0) throw binary(path, "contains NUL bytes");
      try {
        text = strictUtf8.decode(bytes);
        encoding = "utf-8";
        utf8NoNul = true;
      } catch {
        encoding = legacyEncoding(bytes);
        text = iconv.decode(bytes, encoding);
        notes.push(`decoded as ${encoding}`);
      }
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if ((!utf8NoNul && text.indexOf("\u0000") >= 0) || controlRatio(text) > 0.05) throw binary(path, "control characters, not text");

  // Mojibake starts with a character U+00C2–U+00F4, which UTF-8 writes with the lead byte
  // 0xC3: UTF-8 bytes without one cannot hold any, and the whole-text scan is skipped.
  const fixed = encoding === "utf-8" && bytes.indexOf(0xc3) < 0 ? { text, count: 0 } : repairMojibake(text);
  if (fixed.count > 0) {
    text = fixed.text;
    notes.push(`repaired mojibake (${fixed.count} sequence${fixed.count === 1 ? "" : "s"})`);
  }
  if (text.trim().length === 0) throw new PressroomError("PRESSROOM_E_EMPTY", `${path}: file contains only white space`, { path });
  return { text, encoding, notes };
}
