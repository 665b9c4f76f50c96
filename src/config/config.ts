import { resolve } from "node:path";
import { PressroomError } from "../core/errors.js";
import { LOG_LEVELS, isLogLevel, type LogLevel } from "../ops/log-levels.js";

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
  /** `DATABASE_URL`, reserved for PostgreSQL (a later issue); null means embedded SQLite. */
  databaseUrl: string | null;
  /** WebSub hub (http(s) URL) advertised in every feed as `rel="hub"`; null when none. */
  websubHub: string | null;
  /** Level of the JSON logs of `serve` and `worker` (`--log-level` / `PRESSROOM_LOG_LEVEL`, default `info`). */
  logLevel: LogLevel;
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

/**
 * Resolve configuration: flags first, then environment variables
 * (`PRESSROOM_DATA_DIR`, `PRESSROOM_PORT`, `PRESSROOM_HOST`, `PRESSROOM_BASE_URL`,
 * `PRESSROOM_WEBSUB_HUB`, `PRESSROOM_LOG_LEVEL`, `DATABASE_URL`), then {@link DEFAULTS}.
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
    throw new PressroomError("PRESSROOM_E_CONFIG", `DATABASE_URL must be a postgres:// URL, got "${databaseUrl.replace(/\/\/[^@/]*@/, "//***@")}"`);
  }
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
  return { dataDir: resolve(dataDirRaw), port, host, baseUrl, databaseUrl, websubHub, logLevel };
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
