/**
 * Password hashing with Node's built-in scrypt (RFC 7914), a memory-hard function: each
 * hash needs about 128·N·r bytes (32 MiB with the defaults below), which makes guessing
 * on GPUs and ASICs expensive. Hashes are stored as a PHC-like string
 * `scrypt$N$r$p$SALT$HASH` (SALT and HASH in unpadded base64url) so parameters can be
 * raised later without breaking stored hashes.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { PressroomError } from "../core/errors.js";

/** scrypt cost parameters used for new hashes: N = 2^15, r = 8, p = 1 (OWASP's scrypt minimum line). */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
/** Bytes of random salt per hash. */
const SALT_BYTES = 16;
/** Bytes of derived key. */
const KEY_BYTES = 32;
/** Shortest password accepted, in characters (NIST SP 800-63B allows long passphrases; we ask for 12). */
export const MIN_PASSWORD_LENGTH = 12;
/** Longest password accepted, in characters (bounds the work a request can cause). */
export const MAX_PASSWORD_LENGTH = 1024;

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize("NFC"), salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Memory scrypt needs for N, r (128·N·r bytes) plus headroom: the `maxmem` we pass. */
function maxmem(N: number, r: number): number {
  return 128 * N * r + 16 * 1024 * 1024;
}

/**
 * Throws `PRESSROOM_E_BAD_REQUEST` unless `password` is a string of
 * {@link MIN_PASSWORD_LENGTH}..{@link MAX_PASSWORD_LENGTH} characters.
 */
export function checkPasswordPolicy(password: unknown): asserts password is string {
  if (typeof password !== "string") throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "a password must be text");
  const n = [...password].length;
  if (n < MIN_PASSWORD_LENGTH) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  if (n > MAX_PASSWORD_LENGTH) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `a password may have at most ${MAX_PASSWORD_LENGTH} characters`);
  // Length alone is not enough when every character is the same: "            " or "aaaaaaaaaaaa".
  if (new Set(password.replace(/\s/g, "")).size < 4) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "a password needs at least 4 different characters other than spaces");
}

/**
 * Hash a password for storage: `scrypt$32768$8$1$SALT$HASH`. Does not check the policy
 * (see {@link checkPasswordPolicy}). Takes about 0.1 s and 32 MiB on the thread pool.
 */
export async function hashPassword(password: string, params: { N: number; r: number; p: number } = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, KEY_BYTES, { N: params.N, r: params.r, p: params.p, maxmem: maxmem(params.N, params.r) });
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

/** The parts of a stored hash, or null when it is not one we wrote (or its parameters are out of bounds). */
export function parsePasswordHash(stored: string): { N: number; r: number; p: number; salt: Buffer; key: Buffer } | null {
  const m = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9_-]{16,128})\$([A-Za-z0-9_-]{16,256})$/.exec(stored);
  if (!m) return null;
  const N = Number(m[1]), r = Number(m[2]), p = Number(m[3]);
  // Bounds keep a tampered row from making verification take minutes or gigabytes.
  if (N < 2 || N > 2 ** 20 || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  return { N, r, p, salt: Buffer.from(m[4]!, "base64url"), key: Buffer.from(m[5]!, "base64url") };
}

/**
 * True when `password` matches `stored` (a {@link hashPassword} string). The comparison
 * is constant-time (`timingSafeEqual`); a malformed stored hash never matches.
 */
export async function verifyPasswordHash(password: string, stored: string): Promise<boolean> {
  const h = parsePasswordHash(stored);
  if (!h) return false;
  const key = await scrypt(password, h.salt, h.key.length, { N: h.N, r: h.r, p: h.p, maxmem: maxmem(h.N, h.r) });
  return key.length === h.key.length && timingSafeEqual(key, h.key);
}

let dummy: Promise<string> | null = null;

/**
 * A hash of a random password with the current parameters, made once per process:
 * verified against when a user does not exist or has no password, so that the time a
 * failed login takes does not tell whether the name exists.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(24).toString("base64url"));
  return dummy;
}
