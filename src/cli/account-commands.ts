/**
 * The `pressroom user` and `pressroom token` commands: manage accounts from the shell
 * (the first admin is created this way). Every change is audited with actor `cli`.
 * Errors are one line (`pressroom: message [CODE]`), exit 1 for failures (no such user,
 * duplicate name), 2 for usage (bad name, role, password, id).
 */
import { iso, positiveId, table, withStore as withStoreOf } from "./tabular.js";
import { Option, type Command } from "commander";
import { ROLES, type Role } from "../core/access.js";
import { PressroomError } from "../core/errors.js";
import type { ConfigFlags } from "../config/config.js";
import type { Store } from "../store/store.js";
import type { TokenInfo, User } from "../store/accounts.js";
import type { CliKit } from "./kit.js";

/** Actor of audit entries written by the CLI. */
export const CLI_ACTOR = "cli";

/** Longest password read from stdin, in bytes (anything longer is refused, not truncated). */
const MAX_STDIN_BYTES = 8 * 1024;

/**
 * Read a password from standard input: everything up to EOF, without the one line ending
 * at the end (`\n` or `\r\n`). Throws `PRESSROOM_E_BAD_REQUEST` when stdin is a terminal
 * with nothing piped, or the input is over 8 KiB or holds more than one line.
 */
export async function readPasswordFromStdin(stdin: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin): Promise<string> {
  if (stdin.isTTY) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "--password-stdin reads the password from a pipe, e.g.: printf '%s' \"$PW\" | pressroom user add NAME --role ROLE --password-stdin");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stdin) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(String(c));
    size += b.length;
    if (size > MAX_STDIN_BYTES) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "the password on stdin is longer than 8 KiB");
    chunks.push(b);
  }
  const text = Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
  if (/[\r\n]/.test(text)) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "the password on stdin must be one line");
  return text;
}


/** `user list` output. */
export function formatUsers(users: User[], json: boolean): string {
  if (json) return JSON.stringify(users.map((u) => ({ name: u.name, role: u.role, password: u.hasPassword, created: iso(u.createdAt) })), null, 2) + "\n";
  if (users.length === 0) return "no users yet; add the first admin with: pressroom user add NAME --role admin --password-stdin\n";
  return table([["NAME", "ROLE", "SIGN-IN", "CREATED"], ...users.map((u) => [u.name, u.role, u.hasPassword ? "password" : "tokens only", iso(u.createdAt)])]);
}

/** `token list` output (never a secret: the store has none to give). */
export function formatTokens(tokens: TokenInfo[], json: boolean): string {
  if (json) {
    return JSON.stringify(tokens.map((t) => ({ id: t.id, user: t.user, label: t.label, created: iso(t.createdAt), last_used: t.lastUsedAt === null ? null : iso(t.lastUsedAt), revoked: t.revokedAt === null ? null : iso(t.revokedAt) })), null, 2) + "\n";
  }
  if (tokens.length === 0) return "no tokens\n";
  return table([["ID", "USER", "CREATED", "LAST USED", "STATE", "LABEL"], ...tokens.map((t) => [String(t.id), t.user, iso(t.createdAt), iso(t.lastUsedAt), t.revokedAt === null ? "active" : `revoked ${iso(t.revokedAt)}`, t.label ?? ""])]);
}

const tokenId = (s: string): number => positiveId(s, "token");

/** Add this module's commands to `program`. */
export function registerAccountCommands(program: Command, kit: CliKit): void {
  const withStore = <T>(o: ConfigFlags, create: boolean, fn: (store: Store) => Promise<T>): Promise<T> => withStoreOf(kit, o, create, fn);
  const roleOption = () => new Option("--role <role>", "admin, editor or reader").choices([...ROLES]).makeOptionMandatory();

  const user = program.command("user").description("manage user accounts (admin, editor, reader)");

  kit.withStoreFlags(user.command("add"))
    .description("add a user; without --password-stdin the user has no password and signs in with API tokens only")
    .argument("<name>", "login name: 1-64 letters, digits, . _ @ -")
    .addOption(roleOption())
    .option("--password-stdin", "read the password (at least 12 characters) from standard input")
    .action(async (name: string, o: ConfigFlags & { role: Role; passwordStdin?: boolean }) => {
      const password = o.passwordStdin ? await readPasswordFromStdin() : null;
      const u = await withStore(o, true, (s) => s.accounts.createUser({ name, role: o.role, password }, CLI_ACTOR));
      process.stdout.write(`added ${u.name} (${u.role})${u.hasPassword ? "" : "; no password: create a token with pressroom token create " + u.name}\n`);
    });

  kit.withStoreFlags(user.command("list"))
    .description("list users")
    .option("--json", "print JSON")
    .action(async (o: ConfigFlags & { json?: boolean }) => {
      const users = await withStore(o, false, (s) => s.accounts.listUsers());
      process.stdout.write(formatUsers(users, !!o.json));
    });

  kit.withStoreFlags(user.command("remove"))
    .description("remove a user: ends their sessions and revokes their tokens")
    .argument("<name>", "login name")
    .action(async (name: string, o: ConfigFlags) => {
      await withStore(o, false, (s) => s.accounts.removeUser(name, CLI_ACTOR));
      process.stdout.write(`removed ${name}; their sessions ended and their tokens were revoked\n`);
    });

  kit.withStoreFlags(user.command("role"))
    .description("change a user's role")
    .argument("<name>", "login name")
    .argument("<role>", "admin, editor or reader")
    .action(async (name: string, role: string, o: ConfigFlags) => {
      const u = await withStore(o, false, (s) => s.accounts.setRole(name, role as Role, CLI_ACTOR));
      process.stdout.write(`${u.name} is now ${u.role}\n`);
    });

  const token = program.command("token").description("manage API tokens (Authorization: Bearer TOKEN)");

  kit.withStoreFlags(token.command("create"))
    .description("create an API token for a user and print it (alone, once: it is stored only as a hash)")
    .argument("<user>", "login name")
    .option("--label <label>", "what the token is for (shown in token list)")
    .action(async (name: string, o: ConfigFlags & { label?: string }) => {
      const t = await withStore(o, false, (s) => s.accounts.createToken(name, o.label ?? null, CLI_ACTOR));
      process.stdout.write(`${t.token}\n`);
    });

  kit.withStoreFlags(token.command("list"))
    .description("list API tokens (never their secrets)")
    .option("--user <name>", "only this user's tokens")
    .option("--json", "print JSON")
    .action(async (o: ConfigFlags & { user?: string; json?: boolean }) => {
      const tokens = await withStore(o, false, (s) => s.accounts.listTokens(o.user));
      process.stdout.write(formatTokens(tokens, !!o.json));
    });

  kit.withStoreFlags(token.command("revoke"))
    .description("revoke an API token: it stops working at once")
    .argument("<id>", "token id (see token list)")
    .action(async (id: string, o: ConfigFlags) => {
      const n = tokenId(id);
      const t = await withStore(o, false, (s) => s.accounts.revokeToken(n, CLI_ACTOR));
      process.stdout.write(`revoked token ${t.id} of ${t.user}\n`);
    });
}
