/** Routes of the sources module. Owner: sources work. STUB. */
import type { FastifyInstance } from "fastify";
import type { PublishContext } from "../context.js";

export async function registerSourcesRoutes(_app: FastifyInstance, _ctx: PublishContext): Promise<void> {}
