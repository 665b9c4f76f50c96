// Loaded with `node --import` into a server under test: records every module URL the process
// resolves, one per line, in the file named by PRESSROOM_TEST_MODULE_LOG.
import { register } from "node:module";

register("./module-log-hooks.mjs", import.meta.url, { data: { file: process.env.PRESSROOM_TEST_MODULE_LOG } });
