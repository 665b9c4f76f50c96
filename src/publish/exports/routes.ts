/** Routes of the exports module. Owner: exports work. STUB. */
import type { FastifyInstance } from "fastify";
import type { PublishContext } from "../context.js";

export async function registerExportsRoutes(_app: FastifyInstance, _ctx: PublishContext): Promise<void> {}
