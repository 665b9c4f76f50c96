/**
 * What the briefing API needs of the briefing service (`src/briefing/service.ts`,
 * `createBriefingService`) and of the store for participant tokens. Declared here, by the
 * consumer, so the API depends on the methods it calls only; the service and the store
 * satisfy these interfaces structurally.
 */
import type { ApplyResult, BriefingEvent, BriefingSetup, BriefingState } from "../../briefing/index.js";
import type { BriefingRecord } from "../../store/briefings.js";

/** The briefing service as the API uses it (see `BriefingService`). */
export interface BriefingServicePort {
  create(setup: BriefingSetup, by: { userId: number | null }): Promise<{ record: BriefingRecord; accessCode: string }>;
  get(id: string): Promise<BriefingRecord | null>;
  list(): Promise<BriefingRecord[]>;
  /** Parse, apply and persist one command; accepted events go to subscribers in seq order. @throws PressroomError NOT_FOUND for an unknown briefing. */
  command(id: string, input: unknown): Promise<ApplyResult>;
  state(id: string): Promise<BriefingState | null>;
  eventsAfter(id: string, afterSeq: number): Promise<BriefingEvent[]>;
  subscribe(id: string, fn: (events: BriefingEvent[], state: BriefingState) => void): () => void;
  checkAccessCode(id: string, code: string): Promise<boolean>;
}

/** Where participant tokens are kept: only their SHA-256 (hex), never the token. */
export interface ParticipantTokenStore {
  /** Keep `tokenHash` as the participant's token, replacing an earlier one. */
  saveParticipantToken(id: string, participant: string, tokenHash: string): Promise<void>;
  /** The participant of briefing `id` whose token hashes to `tokenHash`, or null. */
  participantForTokenHash(id: string, tokenHash: string): Promise<string | null>;
}

/**
 * Participant tokens in memory: lost on restart (journalists must join again). Used only
 * until the store keeps them (`BriefingStore.saveParticipantToken`).
 */
export function memoryTokenStore(): ParticipantTokenStore {
  const byHash = new Map<string, { id: string; participant: string }>();
  const byParticipant = new Map<string, string>();
  return {
    async saveParticipantToken(id, participant, tokenHash) {
      const key = `${id}\u0000${participant}`;
      const old = byParticipant.get(key);
      if (old !== undefined) byHash.delete(old);
      byParticipant.set(key, tokenHash);
      byHash.set(tokenHash, { id, participant });
    },
    async participantForTokenHash(id, tokenHash) {
      const hit = byHash.get(tokenHash);
      return hit && hit.id === id ? hit.participant : null;
    },
  };
}

/** The store's token methods when it has them, else null. */
export function storeTokens(store: unknown): ParticipantTokenStore | null {
  const s = store as Partial<ParticipantTokenStore> | null;
  if (s && typeof s.saveParticipantToken === "function" && typeof s.participantForTokenHash === "function") {
    return { saveParticipantToken: s.saveParticipantToken.bind(s), participantForTokenHash: s.participantForTokenHash.bind(s) };
  }
  return null;
}
