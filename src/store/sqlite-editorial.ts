/** SQLite implementation of {@link EditorialStore}. */
import type { EditorialStore } from "./editorial.js";
import type { SqliteCore } from "./sqlite-core.js";

export class SqliteEditorialStore implements EditorialStore {
  constructor(private readonly core: SqliteCore) {}
}
