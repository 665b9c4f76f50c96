/** The `pressroom` sub-commands of the sources module. Owner: sources work. STUB. */
import type { Command } from "commander";
import type { CliKit } from "./kit.js";

/** Add this module's commands to `program`. */
export function registerSourceCommands(_program: Command, _kit: CliKit): void {}
