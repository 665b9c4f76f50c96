/** What command modules share: the store flags and opening the configured store. */
import type { Command } from "commander";
import type { Config, ConfigFlags } from "../config/config.js";
import type { Clock } from "../core/clock.js";
import type { Store } from "../store/store.js";

export interface CliKit {
  /** Add `--data-dir` to a command. */
  withStoreFlags(c: Command): Command;
  /** Resolve configuration from flags, environment and defaults (throws PRESSROOM_E_CONFIG). */
  loadConfig(flags: ConfigFlags): Config;
  /**
   * Open and migrate the configured store. `create: false` refuses a data directory without
   * an archive (for commands that only read).
   */
  openStore(config: Config, clock: Clock, create?: boolean): Promise<Store>;
  clock: Clock;
}
