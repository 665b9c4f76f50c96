import { resolve } from "node:path";
import ipaddr from "ipaddr.js";
import { PressroomError } from "../core/errors.js";
import { LOG_LEVELS, isLogLevel, type LogLevel } from "../ops/log-levels.js";
import { SCHEMA_NAME, parsePgUrl, redactUrl } from "../store/pg-url.js";

/** Validated runtime configuration. */
export interface Config {
  /** Folder holding the SQLite database (`pressroom.db`), absolute. */
  dataDir: string;
  /** TCP port for `serve`, 0..65535 (0 = any free port). */
  port: number;
  /** Interface to listen on, e.g. `127.0.0.1`, `0.0.0.0`, `localhost`. */
  host: string;
  /** Public base URL used in feeds and canonical links, without trailing slash. */
  baseUrl: string;
  /**
   * `DATABASE_URL` (`postgres://user:password@host:port/database[?schema=NAME]`): the store is
   * PostgreSQL; null means the embedded SQLite database in {@link dataDir}.
   */
  databaseUrl: string | null;
  /**
   * PostgreSQL schema of the tables: `?schema=NAME` in `DATABASE_URL` or `PRESSROOM_DB_SCHEMA`
   * (they must agree when both are set); null = the server's search_path (usually `public`).
   * Always null without `DATABASE_URL`.
   */
  databaseSchema: string | null;
  /** Most connections each process opens to PostgreSQL (`PRESSROOM_DB_POOL`, 1..1000, default 10). */
  databasePoolSize: number;
  /**
   * SQLite page cache of each connection, in MiB (`PRESSROOM_SQLITE_CACHE_MB`, 1..4096,
   * default 16). Memory of the process, filled as pages are read; pages beyond it come from
   * the operating system's file cache (a system call each, no disk read once the file is
   * cached). 16 MiB keeps a web process well under its 300 MB budget at 1,000,000 items
   * (docs/performance.md has the measurements).
   */
  sqliteCacheMiB: number;
  /** WebSub hub (http(s) URL) advertised in every feed as `rel="hub"`; null when none. */
  websubHub: string | null;
  /** Level of the JSON logs of `serve` and `worker` (`--log-level` / `PRESSROOM_LOG_LEVEL`, default `info`). */
  logLevel: LogLevel;
  /**
   * Reverse proxies whose `X-Forwarded-For` is believed (`PRESSROOM_TRUST_PROXY`, comma-separated
   * IP addresses, CIDR ranges, or `loopback` / `linklocal` / `uniquelocal`); empty = none.
   */
  trustProxy: string[];
}

/** Options as given on the command line; any may be absent. */
export interface ConfigFlags {
  dataDir?: string;
  port?: string | number;
  host?: string;
  baseUrl?: string;
  websubHub?: string;
  logLevel?: string;
}

/** Defaults, used when neither a flag nor an environment variable gives a value. */
export const DEFAULTS = { dataDir: "./data", port: 8080, host: "localhost" } as const;

/** Default SQLite page cache per connection, in MiB (see {@link Config.sqliteCacheMiB}). */
export const DEFAULT_SQLITE_CACHE_MIB = 16;

/**
 * Resolve configuration: flags first, then environment variables
 * (`PRESSROOM_DATA_DIR`, `PRESSROOM_PORT`, `PRESSROOM_HOST`, `PRESSROOM_BASE_URL`,
 * `PRESSROOM_WEBSUB_HUB`, `PRESSROOM_LOG_LEVEL`, `DATABASE_URL`, `PRESSROOM_DB_SCHEMA`,
 * `PRESSROOM_DB_POOL`, `PRESSROOM_SQLITE_CACHE_MB`, `PRESSROOM_TRUST_PROXY`), then {@link DEFAULTS}.
 * @throws PressroomError `PRESSROOM_E_CONFIG` naming the setting and the bad value.
 */
export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const pick = (flag: string | number | undefined, name: string): string | undefined => {
    if (flag !== undefined && flag !== "") return String(flag);
    const v = env[name];
    return v !== undefined && v !== "" ? v : undefined;
  };
  const dataDirRaw = pick(flags.dataDir, "PRESSROOM_DATA_DIR") ?? DEFAULTS.dataDir;
  const portRaw = pick(flags.port, "PRESSROOM_PORT") ?? String(DEFAULTS.port);
  const host = (pick(flags.host, "PRESSROOM_HOST") ?? DEFAULTS.host).trim();
  if (!/^\d{1,5}$/.test(portRaw.trim()) || Number(portRaw) > 65535) {
    throw new PressroomError("PRESSROOM_E_CONFIG", `port must be a whole number from 0 to 65535, got "${portRaw}" (--port / PRESSROOM_PORT)`);
  }
  const port = Number(portRaw);
  if (!host || /\s|\//.test(host) || !validHost(host)) {
    throw new PressroomError("PRESSROOM_E_CONFIG", `host must be a host name or IP address, got "${host}" (--host / PRESSROOM_HOST)`);
  }
  if (dataDirRaw.includes("\0")) throw new PressroomError("PRESSROOM_E_CONFIG", "data directory contains a NUL byte (--data-dir / PRESSROOM_DATA_DIR)");
  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL.trim() !== "" ? env.DATABASE_URL.trim() : null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new PressroomError("PRESSROOM_E_CONFIG", `DATABASE_URL must be a postgres:// URL, got "${redactUrl(databaseUrl)}"`);
  }
  const urlSchema = databaseUrl !== null ? parsePgUrl(databaseUrl).schema : null;
  const envSchema = env.PRESSROOM_DB_SCHEMA?.trim() || null;
  if (envSchema !== null && !SCHEMA_NAME.test(envSchema)) {
    throw new PressroomError("PRESSROOM_E_CONFIG", `PRESSROOM_DB_SCHEMA must be letters, digits and _ (not starting with a digit, at most 63), got "${envSchema.slice(0, 80)}"`);
  }
  if (envSchema !== null && urlSchema !== null && envSchema !== urlSchema) {
    throw new PressroomError("PRESSROOM_E_CONFIG", `PRESSROOM_DB_SCHEMA ("${envSchema}") and ?schema= in DATABASE_URL ("${urlSchema}") disagree; set one`);
  }
  const databaseSchema = databaseUrl !== null ? (urlSchema ?? envSchema) : null;
  const poolRaw = env.PRESSROOM_DB_POOL?.trim() || "10";
  if (!/^\d{1,4}$/.test(poolRaw) || Number(poolRaw) < 1 || Number(poolRaw) > 1000) {
    throw new PressroomError("PRESSROOM_E_CONFIG", `PRESSROOM_DB_POOL must be a whole number from 1 to 1000, got "${poolRaw.slice(0, 40)}"`);
  }
  const databasePoolSize = Number(poolRaw);
  const cacheRaw = env.PRESSROOM_SQLITE_CACHE_MB?.trim() || String(DEFAULT_SQLITE_CACHE_MIB);
  if (!/^\d{1,4}$/.test(cacheRaw) || Number(cacheRaw) < 1 || Number(cacheRaw) > 4096) {
    throw new PressroomError("PRESSROOM_E_CONFIG", `PRESSROOM_SQLITE_CACHE_MB must be a whole number of MiB from 1 to 4096, got "${cacheRaw.slice(0, 40)}"`);
  }
  const sqliteCacheMiB = Number(cacheRaw);
  const shownHost = host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  let baseUrl = pick(flags.baseUrl, "PRESSROOM_BASE_URL") ?? `http://${shownHost}:${port}`;
  try {
    const u = new URL(baseUrl);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("protocol");
  } catch {
    throw new PressroomError("PRESSROOM_E_CONFIG", `base URL must be an http(s) URL, got "${baseUrl}" (--base-url / PRESSROOM_BASE_URL)`);
  }
  baseUrl = baseUrl.replace(/\/+$/, "");
  const websubHub = pick(flags.websubHub, "PRESSROOM_WEBSUB_HUB")?.trim() || null;
  if (websubHub !== null && !isHttpUrl(websubHub)) {
    throw new PressroomError("PRESSROOM_E_CONFIG", `WebSub hub must be an http(s) URL, got "${websubHub}" (--websub-hub / PRESSROOM_WEBSUB_HUB)`);
  }
  const logLevel = (pick(flags.logLevel, "PRESSROOM_LOG_LEVEL") ?? "info").trim().toLowerCase();
  if (!isLogLevel(logLevel)) {
    throw new PressroomError("PRESSROOM_E_CONFIG", `log level must be one of ${LOG_LEVELS.join(", ")}, got "${pick(flags.logLevel, "PRESSROOM_LOG_LEVEL")}" (--log-level / PRESSROOM_LOG_LEVEL)`);
  }
  const trustProxy = parseTrustProxy(env.PRESSROOM_TRUST_PROXY);
  return { dataDir: resolve(dataDirRaw), port, host, baseUrl, databaseUrl, databaseSchema, databasePoolSize, sqliteCacheMiB, websubHub, logLevel, trustProxy };
}

/** Names proxy-addr (fastify's `trustProxy`) knows for address ranges. */
const PROXY_RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/**
 * Parse `PRESSROOM_TRUST_PROXY`: comma-separated IP addresses, CIDR ranges (`10.0.0.0/8`,
 * `fd00::/8`) or range names; unset or empty = none.
 * @throws PressroomError `PRESSROOM_E_CONFIG` naming the first entry that is none of these.
 */
export function parseTrustProxy(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === "") return [];
  const out: string[] = [];
  for (const part of raw.split(",").map((p) => p.trim()).filter((p) => p !== "")) {
    const ok = PROXY_RANGE_NAMES.has(part) || (part.includes("/") ? isValidCidr(part) : ipaddr.isValid(part));
    if (!ok) throw new PressroomError("PRESSROOM_E_CONFIG", `PRESSROOM_TRUST_PROXY entries must be IP addresses, CIDR ranges or loopback/linklocal/uniquelocal, got "${part.slice(0, 80)}"`);
    out.push(part);
  }
  return out;
}

function isValidCidr(s: string): boolean {
  try {
    ipaddr.parseCIDR(s);
    return true;
  } catch {
    return false;
  }
}

/** True when `s` parses as an absolute http: or https: URL with a host. */
function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
  } catch {
    return false;
  }
}

/** A host name (RFC 1123 labels), an IPv4 address with octets 0-255, or an IPv6 address. */
function validHost(h: string): boolean {
  if (h.includes(":")) return /^[0-9a-fA-F:.]+$/.test(h);
  if (/^[\d.]+$/.test(h)) return /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(h) && h.split(".").every((o) => Number(o) <= 255);
  return h.length <= 253 && h.split(".").every((l) => /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/.test(l));
}
