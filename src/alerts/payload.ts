/**
 * The webhook request for a delivery: JSON body and headers. Pure: the caller passes the
 * time.
 *
 * Body: `{ "event": "item.matched", "delivery_id": N, "saved_search": {id, name, query},
 * "item": <ninjs summary> }`. Headers: `Content-Type: application/json`,
 * `X-Pressroom-Event`, `X-Pressroom-Delivery` (the delivery id; the same on every retry,
 * so receivers can drop duplicates), `X-Pressroom-Timestamp` (unix seconds) and
 * `X-Pressroom-Signature` (see `signing.ts`).
 */
import { signWebhook } from "./signing.js";

/** The event name of an alert. */
export const ALERT_EVENT = "item.matched";

/** What is stored with a delivery when it is queued (`alert_deliveries.payload`). */
export interface StoredPayload {
  saved_search: { id: number; name: string; query: string };
  /** The item as a ninjs 2.1 summary object (see `publish/api/ninjs.ts`). */
  item: unknown;
}

/** The JSON body sent for a delivery (the same bytes on every attempt). */
export function webhookBody(deliveryId: number, stored: StoredPayload): string {
  return JSON.stringify({ event: ALERT_EVENT, delivery_id: deliveryId, saved_search: stored.saved_search, item: stored.item });
}

/**
 * Headers of one attempt.
 * @param nowMs The attempt's time (epoch ms, UTC); sent in seconds and signed with the body.
 */
export function webhookHeaders(deliveryId: number, body: string, secret: string, nowMs: number): Record<string, string> {
  const ts = Math.floor(nowMs / 1000);
  return {
    "content-type": "application/json",
    "user-agent": "Pressroom/0.1 (+webhook)",
    "x-pressroom-event": ALERT_EVENT,
    "x-pressroom-delivery": String(deliveryId),
    "x-pressroom-timestamp": String(ts),
    "x-pressroom-signature": signWebhook(secret, ts, body),
  };
}
