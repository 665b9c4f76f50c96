/** Rules for user names (pure). */
import { PressroomError } from "../core/errors.js";
import { isRole, type Role } from "../core/access.js";

/** A user name: 1-64 characters of `A-Z a-z 0-9 . _ @ -`. */
export const USER_NAME_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;

/** Throws `PRESSROOM_E_BAD_REQUEST` unless `name` is a valid user name. */
export function checkUserName(name: unknown): asserts name is string {
  if (typeof name !== "string" || !USER_NAME_PATTERN.test(name)) {
    throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "a user name is 1-64 characters of letters, digits and . _ @ -", { name: typeof name === "string" ? name.slice(0, 80) : null });
  }
}

/** Throws `PRESSROOM_E_BAD_REQUEST` unless `role` is admin, editor or reader. */
export function checkRole(role: unknown): asserts role is Role {
  if (!isRole(role)) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "a role is admin, editor or reader", { role: typeof role === "string" ? role.slice(0, 40) : null });
}

/** The key names are unique by: user names are case-insensitive (`Alice` and `alice` are one user). */
export function nameKey(name: string): string {
  return name.toLowerCase();
}
