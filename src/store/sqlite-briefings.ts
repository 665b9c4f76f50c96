/** Implementation of {@link BriefingStore} (portable Kysely: SQLite and PostgreSQL). Owner: briefing store work. */
import { PressroomError } from "../core/errors.js";
import type { BriefingStore } from "./briefings.js";
import type { SqliteCore } from "./sqlite-core.js";

const todo = (): never => { throw new PressroomError("PRESSROOM_E_INTERNAL", "briefing store: not yet built"); };

export class SqliteBriefingStore implements BriefingStore {
  constructor(readonly core: SqliteCore) {}
  create = todo;
  get = todo;
  list = todo;
  state = todo;
  setup = todo;
  apply = todo;
  eventsAfter = todo;
  checkAccessCode = todo;
  setItem = todo;
  running = todo;
}
