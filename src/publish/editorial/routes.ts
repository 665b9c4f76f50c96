/**
 * Routes of the editorial module (issue 4): the editorial API (`api.ts`) and pages (`web.tsx`).
 * Held items seen early by readers and editors are served by the item routes of the web and
 * API modules through `held-view.ts`.
 */
import type { FastifyInstance } from "fastify";
import type { PublishContext } from "../context.js";
import { registerEditorialApi } from "./api.js";
import { registerEditorialWeb } from "./web.js";

/** Register the editorial API and pages. */
export async function registerEditorialRoutes(app: FastifyInstance, ctx: PublishContext): Promise<void> {
  await registerEditorialApi(app, ctx);
  await registerEditorialWeb(app, ctx);
}
