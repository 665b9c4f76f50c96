/**
 * `DATABASE_URL` parsing for PostgreSQL, apart from the driver so that configuration can
 * check a URL without loading `pg`.
 */
import { PressroomError } from "../core/errors.js";

/** Placeholder host while parsing a URL that names none (lower case: URL parsing folds host names). */
const NO_HOST = "pressroom-no-host.invalid";

/** A valid unquoted schema name: letters, digits, `_`, not starting with a digit, at most 63 bytes. */
export const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** The connection settings of a `DATABASE_URL`: the URL for `pg` (without our `schema` parameter), the schema, and startup options. */
export interface PgTarget {
  /** Connection string for `pg`, with `schema` and `options` removed. */
  connectionString: string;
  /** Schema from `?schema=`, or null. */
  schema: string | null;
  /** libpq startup `options` from the URL, or null. */
  options: string | null;
  /** `host:port/database` for messages (no credentials). */
  display: string;
}

/**
 * Parse a PostgreSQL URL (`postgres://` or `postgresql://`).
 * @throws PressroomError `PRESSROOM_E_CONFIG` for a URL that does not parse, another scheme,
 *   or a `schema` parameter that is not a plain identifier.
 */
export function parsePgUrl(url: string): PgTarget {
  let u: URL;
  // `postgres://user@/db?host=/socket/dir` (credentials, no host: a Unix socket) is valid for
  // libpq and node-postgres but not for the WHATWG URL parser: parse it with a placeholder host.
  let noHost = false;
  try {
    u = new URL(url);
  } catch {
    try {
      if (!/^postgres(?:ql)?:\/\/[^/@]*@\//.test(url)) throw new Error("invalid");
      u = new URL(url.replace("@/", `@${NO_HOST}/`));
      noHost = true;
    } catch {
      throw new PressroomError("PRESSROOM_E_CONFIG", `DATABASE_URL is not a valid URL: "${redactUrl(url)}"`);
    }
  }
  if (u.protocol !== "postgres:" && u.protocol !== "postgresql:") {
    throw new PressroomError("PRESSROOM_E_CONFIG", `DATABASE_URL must be a postgres:// URL, got "${redactUrl(url)}"`);
  }
  const schema = u.searchParams.get("schema");
  if (schema !== null && !SCHEMA_NAME.test(schema)) {
    throw new PressroomError("PRESSROOM_E_CONFIG", `schema in DATABASE_URL must be letters, digits and _ (not starting with a digit, at most 63), got "${schema.slice(0, 80)}"`);
  }
  const options = u.searchParams.get("options");
  u.searchParams.delete("schema");
  u.searchParams.delete("options");
  const db = decodeURIComponent(u.pathname.replace(/^\//, "")) || "(default database)";
  const host = (noHost ? "" : u.hostname) || u.searchParams.get("host") || "localhost";
  const connectionString = noHost ? u.toString().replace(`@${NO_HOST}/`, "@/") : u.toString();
  return { connectionString, schema, options, display: `${host}:${u.port || "5432"}/${db}` };
}

/** `url` with any password replaced by `***`, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:@/]*:)[^@/]*@/, "$1***@");
}
