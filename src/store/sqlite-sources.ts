/** SQLite implementation of {@link SourceStore}. */
import type { SourceStore } from "./sources.js";
import type { SqliteCore } from "./sqlite-core.js";

export class SqliteSourceStore implements SourceStore {
  constructor(private readonly core: SqliteCore) {}
}
