/**
 * The e-mail drop over HTTP (`POST /api/v1/inbox`): one raw RFC 822 message → the same
 * path as every other ingested document (analysis as in `pressroom import`, then
 * `storeDocument`: published now, or held for a stated embargo).
 */
import { ERROR_CODES, PressroomError, type ErrorCode } from "../core/errors.js";
import { analyzeDocuments } from "../importer/analyze-bytes.js";
import { storeDocument, type StoreDocumentResult } from "../importer/store-document.js";
import type { Store } from "../store/store.js";
import { readEmail } from "./read-email.js";

/** What storing one message did, with the headline it was stored under. */
export interface InboxResult extends StoreDocumentResult {
  headline: string;
}

/**
 * Read, analyse and store one message. The Message-ID is the identity (`guid:mid:…`):
 * posting the same message again changes nothing; a different message is a new item.
 * @param actor audit actor of a hold (the editor's name).
 * @throws PressroomError `PRESSROOM_E_UNSUPPORTED` (not a message), `PRESSROOM_E_EMPTY`
 *   (no body text), an analysis error's code, and store errors.
 */
export async function ingestEmail(store: Store, raw: Buffer, opts: { now: number; actor: string }): Promise<InboxResult> {
  const doc = await readEmail(raw, "inbox message");
  const a = analyzeDocuments([doc]);
  const first = a.analysed[0];
  if (!first) {
    const r = a.rejected[0];
    const code: ErrorCode = r && r.code in ERROR_CODES ? (r.code as ErrorCode) : "PRESSROOM_E_INTERNAL";
    throw new PressroomError(code, r?.reason ?? "the message could not be analysed");
  }
  const result = await storeDocument(store, first.input, { now: opts.now, actor: opts.actor });
  return { ...result, headline: first.input.headline };
}
