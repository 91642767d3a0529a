import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Outbox } from '../delivery/outbox';
import { outboxDocName, outboxNamePrefix } from '../delivery/outbox';
import { outboxEntrySchema, type NewOutboxEntry, type OutboxEntry } from '../delivery/outboxEntry';
import { PURGE_KEY_PREFIX, purgeKey } from '../delivery/outboxKeys';
import { purgeThread } from '../delivery/threads';
import { errorKind, type Logger } from '../logger';
import type { BakenStorage } from '../storage/storage';
import { stateMayMention, stateRefsMetadata } from '../edge/stateRefs';
import { scrubState } from './stateScrub';

/** What the purge's traces need. */
export interface PurgeTracesDeps {
  storage: BakenStorage;
  outbox: Outbox;
  logger: Logger;
}

/** Where Teams shows a card Baken posted. */
export interface CardPlace {
  serviceUrl: string;
  conversationId: string;
  activityId: string;
}

/** What removing the cards of a purged record did (counts for the log). */
export interface CardRemoval {
  cards: number;
  outboxEntries: number;
}

const stateSchema = z.record(z.string(), z.unknown());

/** A short, stable hash (ids in outbox keys never name the purged record). */
export function purgeHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * What every purge removes besides the record itself, for incidents and escalations alike: the cards Baken posted
 * about it (a "verwijderd" card put over each through the outbox), the outbox entries about it, and the
 * conversation-state references to it. `mentions` says whether a text names the purged record (one of its ids).
 */
export class PurgeTraces {
  constructor(private readonly deps: PurgeTracesDeps) {}

  /**
   * Records a "verwijderd" update for every card an outbox entry about the record placed (and `extraPlaces`), then
   * deletes those entries. The entries about a record are those whose keys start with one of `keyPrefixes` (every
   * key about an escalation or a checklist starts with its id: src/delivery/outboxKeys.ts), so only they are read.
   * `purgeId` names the purge (hashed into the keys), so a purge redone records no double.
   */
  async removeCards(
    purgeId: string,
    keyPrefixes: string[],
    extraPlaces: CardPlace[] = [],
  ): Promise<CardRemoval> {
    const about = await this.outboxEntriesAbout(keyPrefixes);
    const places = cardPlaces(about.map((a) => a.entry));
    for (const place of extraPlaces) places.set(placeKey(place), place);
    const purge = purgeHash(`purge\n${purgeId}`);
    const removals: NewOutboxEntry[] = [...places.entries()].map(([key, place]) => ({
      key: purgeKey(purge, purgeHash(key)),
      thread: purgeThread(purgeHash(place.conversationId)),
      target: { kind: 'activityPut', ...place },
      render: { card: 'removed' },
    }));
    await this.deps.outbox.enqueue(removals);
    for (const { name } of about) {
      await this.deps.storage.outbox.delete(name);
      // Its marker names it too: a waiting entry's, or a finished one's that no drain has deleted yet.
      await this.deps.storage.sending.delete(name);
    }
    return { cards: removals.length, outboxEntries: about.length };
  }

  /**
   * Removes references to the record (its ids) from the conversations' state documents; returns how many changed.
   * One listing with metadata says which states may name one of the ids (src/edge/stateRefs.ts); only those are
   * read.
   */
  async scrubStates(ids: readonly string[]): Promise<number> {
    const state = this.deps.storage.state;
    const mentions = (text: string) => ids.some((id) => text.includes(id));
    let changed = 0;
    for (const { name, metadata } of await state.listVersions('', { metadata: true })) {
      if (!stateMayMention(metadata, ids)) continue;
      const doc = await this.readQuietly(() => state.read(name, stateSchema));
      if (!doc || !mentions(JSON.stringify(doc.value))) continue;
      await state.update(
        name,
        stateSchema,
        (current) => (current ? scrubState(current, mentions) : undefined),
        {
          metadata: (value) => stateRefsMetadata(JSON.stringify(value)),
        },
      );
      changed++;
    }
    return changed;
  }

  /** Deletes "verwijderd" entries that were sent (or gave up): nothing about the record stays in the outbox. */
  async dropFinishedRemovals(): Promise<void> {
    for (const entry of await this.deps.outbox.withPrefix(PURGE_KEY_PREFIX)) {
      if (entry.status !== 'pending') await this.deps.storage.outbox.delete(outboxDocName(entry.key));
    }
  }

  /** A read that treats a damaged document as absent (the purge goes on with the rest). */
  async readQuietly<T>(read: () => Promise<T | undefined>): Promise<T | undefined> {
    try {
      return await read();
    } catch (err) {
      this.deps.logger.warn('purge_read_failed', { error: errorKind(err) });
      return undefined;
    }
  }

  /** Every outbox entry whose key starts with one of the prefixes, read from listings by those prefixes only. */
  private async outboxEntriesAbout(
    keyPrefixes: string[],
  ): Promise<Array<{ name: string; entry: OutboxEntry }>> {
    const outbox = this.deps.storage.outbox;
    const found = new Map<string, OutboxEntry>();
    for (const keyPrefix of keyPrefixes) {
      for (const name of await outbox.list(outboxNamePrefix(keyPrefix))) {
        if (found.has(name)) continue;
        const doc = await this.readQuietly(() => outbox.read(name, outboxEntrySchema));
        if (doc && doc.value.key.startsWith(keyPrefix)) found.set(name, doc.value);
      }
    }
    return [...found].map(([name, entry]) => ({ name, entry }));
  }
}

function placeKey(place: CardPlace): string {
  return `${place.conversationId}\n${place.activityId}`;
}

/** Where the sent entries put a card (new messages, replies and 1:1 posts; updates share their places). */
function cardPlaces(entries: OutboxEntry[]): Map<string, CardPlace> {
  const noticeUrl = new Map<string, string>();
  for (const entry of entries) {
    if (entry.target.kind === 'channelThread' && entry.escalationId)
      noticeUrl.set(entry.escalationId, entry.target.address.serviceUrl);
  }
  const places = new Map<string, CardPlace>();
  for (const entry of entries) {
    if (entry.status !== 'sent' || !entry.result) continue;
    const target = entry.target;
    let serviceUrl: string | undefined;
    if (target.kind === 'personal' || target.kind === 'channelThread') serviceUrl = target.address.serviceUrl;
    else if (target.kind === 'noticeReply') serviceUrl = noticeUrl.get(target.escalationId);
    else if (target.kind === 'activityPut') serviceUrl = target.serviceUrl;
    if (!serviceUrl) continue;
    const place = { serviceUrl, ...entry.result };
    places.set(placeKey(place), place);
  }
  return places;
}
