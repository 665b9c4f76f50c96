/** Routes of the alerts module. Owner: alerts work. STUB. */
import type { FastifyInstance } from "fastify";
import type { PublishContext } from "../context.js";

export async function registerAlertsRoutes(_app: FastifyInstance, _ctx: PublishContext): Promise<void> {}
