/**
 * Checks on what a user gives for a saved search: its name, its query (our search
 * language plus field prefixes) and its webhook URL. Pure apart from reading the allow
 * list it is given.
 */
import { PressroomError } from "../core/errors.js";
import { literalHostRefusal, parseAllowList } from "../fetch/address-policy.js";
import { hasFilters, splitFieldPrefixes, type FieldFilters } from "../search/fields.js";
import { MAX_QUERY_CHARS, parseQuery } from "../search/query.js";

/** Longest saved-search name, in characters. */
export const MAX_NAME_CHARS = 100;
/** Longest webhook URL, in characters. */
export const MAX_URL_CHARS = 2000;

/** A checked saved search. */
export interface CheckedSavedSearch {
  name: string;
  /** The query as typed, trimmed. */
  query: string;
  /** Free text for the search language ("" when the query is only field prefixes). */
  text: string;
  filters: FieldFilters;
  /** The webhook URL, normalised by the WHATWG URL parser. */
  webhookUrl: string;
}

const bad = (message: string) => new PressroomError("PRESSROOM_E_BAD_REQUEST", message);
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Check a saved search's name.
 * @throws PressroomError `PRESSROOM_E_BAD_REQUEST` unless 1..{@link MAX_NAME_CHARS} characters without control characters.
 */
export function checkName(name: unknown): string {
  if (typeof name !== "string") throw bad("name is required (a string)");
  const n = name.trim();
  if (n === "") throw bad("name must not be empty");
  if (n.length > MAX_NAME_CHARS) throw bad(`name is longer than ${MAX_NAME_CHARS} characters`);
  if (CONTROL.test(n)) throw bad("name must not contain control characters");
  return n;
}

/**
 * Check a saved-search query: field prefixes split off (`search/fields.ts`), the rest
 * parsed by the search language. A query that is only field prefixes is fine; an empty
 * one is not.
 * @throws PressroomError `PRESSROOM_E_BAD_QUERY` for an empty or unusable query,
 *   `PRESSROOM_E_BAD_REQUEST` when it is not a string or longer than {@link MAX_QUERY_CHARS}.
 */
export function checkQuery(query: unknown): { query: string; text: string; filters: FieldFilters } {
  if (typeof query !== "string") throw bad("query is required (a string)");
  const q = query.trim();
  if (q === "") throw new PressroomError("PRESSROOM_E_BAD_QUERY", "The query is empty; type a word or phrase to search for, or a field such as outlet:Reuters.");
  if (q.length > MAX_QUERY_CHARS) throw bad(`query is longer than ${MAX_QUERY_CHARS} characters`);
  const { text, filters } = splitFieldPrefixes(q);
  if (text !== "") parseQuery(text);
  else if (!hasFilters(filters)) throw new PressroomError("PRESSROOM_E_BAD_QUERY", "The query has nothing to search for.");
  return { query: q, text, filters };
}

/**
 * Check a webhook URL: http or https, a host, no user name or password in it, at most
 * {@link MAX_URL_CHARS} characters. A host that is an IP literal (or `localhost`) in a
 * refused range (loopback, private, link-local, ...; see `fetch/address-policy.ts`) is
 * refused unless `allow` (entries as in `PRESSROOM_FETCH_ALLOW`) lets it through; `allow`
 * null skips this address check. Host names are resolved and checked again at every
 * delivery.
 * @throws PressroomError `PRESSROOM_E_BAD_REQUEST` naming the problem.
 */
export function checkWebhookUrl(url: unknown, allow: readonly string[] | null = []): string {
  if (typeof url !== "string" || url.trim() === "") throw bad("webhook_url is required (an http or https URL)");
  const raw = url.trim();
  if (raw.length > MAX_URL_CHARS) throw bad(`webhook_url is longer than ${MAX_URL_CHARS} characters`);
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw bad("webhook_url is not a valid URL");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw bad(`webhook_url must be http or https, not ${u.protocol.replace(/:$/, "")}`);
  if (u.username !== "" || u.password !== "") throw bad("webhook_url must not contain a user name or password; the signature authenticates each request");
  if (u.hostname === "") throw bad("webhook_url has no host");
  const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
  const list = parseAllowList(allow ?? []);
  if (allow !== null) {
    const why = literalHostRefusal(host, list);
    if (why) throw bad(`webhook_url: ${host} is ${why}; webhooks to such addresses are refused unless PRESSROOM_FETCH_ALLOW allows them`);
  }
  return u.href;
}

/**
 * Check everything a new saved search carries.
 * @param allow Allow-list entries for {@link checkWebhookUrl} (null: no address check).
 */
export function checkSavedSearch(input: { name: unknown; query: unknown; webhookUrl: unknown }, allow: readonly string[] | null = []): CheckedSavedSearch {
  const name = checkName(input.name);
  const q = checkQuery(input.query);
  const webhookUrl = checkWebhookUrl(input.webhookUrl, allow);
  return { name, ...q, webhookUrl };
}
