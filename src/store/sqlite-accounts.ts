/** SQLite implementation of {@link AccountStore}. */
import type { AccountStore } from "./accounts.js";
import type { SqliteCore } from "./sqlite-core.js";

export class SqliteAccountStore implements AccountStore {
  constructor(private readonly core: SqliteCore) {}
}
