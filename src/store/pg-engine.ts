/**
 * The full-text engine the PostgreSQL store uses by default: tsvector/GIN search from
 * `search/pg-fts.ts`.
 */
export { pgSearchEngine as pgEngine } from "../search/pg-fts.js";
