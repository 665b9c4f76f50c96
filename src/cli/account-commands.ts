/** The `pressroom` sub-commands of the accounts module. Owner: accounts work. STUB. */
import type { Command } from "commander";
import type { CliKit } from "./kit.js";

/** Add this module's commands to `program`. */
export function registerAccountCommands(_program: Command, _kit: CliKit): void {}
