/**
 * A Kysely handle for the migrator on PostgreSQL whose introspection sees one schema only.
 *
 * Kysely's `Migrator` asks `db.introspection` whether its tables exist, and the stock
 * PostgreSQL introspector reads every column of every table in every schema, calling
 * `pg_get_serial_sequence(schema.table, column)` on each: when another process creates or
 * drops a schema or table meanwhile (several archives or test runs in one database), that call
 * fails (`schema "..." does not exist`, `column "..." of relation "..." does not exist`) and so
 * does the migration. The migrator only needs table names of its own schema, read here from
 * the catalogue without resolving any name.
 */
import { sql, type DatabaseIntrospector, type Kysely, type SchemaMetadata, type TableMetadata } from "kysely";

/** Introspection of `schema` alone: tables and views by name (no columns). */
function schemaIntrospector(db: Kysely<any>, schema: string): DatabaseIntrospector {
  return {
    async getSchemas(): Promise<SchemaMetadata[]> {
      const r = await sql<{ name: string }>`SELECT nspname AS name FROM pg_catalog.pg_namespace WHERE nspname = ${schema}`.execute(db);
      return r.rows.map((x) => ({ name: x.name }));
    },
    async getTables(): Promise<TableMetadata[]> {
      const r = await sql<{ name: string; kind: string }>`
        SELECT c.relname AS name, c.relkind AS kind FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ${schema} AND c.relkind IN ('r', 'p', 'v', 'm')`.execute(db);
      return r.rows.map((x) => ({ name: x.name, schema, isView: x.kind === "v" || x.kind === "m", columns: [] }));
    },
    async getMetadata() {
      return { tables: await this.getTables() };
    },
  };
}

/**
 * `db` with `introspection` limited to `schema` (everything else is `db` itself). Pass it to
 * Kysely's `Migrator` together with `migrationTableSchema: schema`.
 */
export function withSchemaIntrospection<DB>(db: Kysely<DB>, schema: string): Kysely<DB> {
  const introspection = schemaIntrospector(db as Kysely<any>, schema);
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "introspection") return introspection;
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
