/** SQLite implementation of {@link AlertStore}. */
import type { AlertStore } from "./alerts.js";
import type { SqliteCore } from "./sqlite-core.js";

export class SqliteAlertStore implements AlertStore {
  constructor(private readonly core: SqliteCore) {}
}
