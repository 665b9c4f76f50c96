/** Routes of the editorial module. Owner: editorial work. STUB. */
import type { FastifyInstance } from "fastify";
import type { PublishContext } from "../context.js";

export async function registerEditorialRoutes(_app: FastifyInstance, _ctx: PublishContext): Promise<void> {}
