import type { Clock } from '../clock';
import { CachedListing } from '../storage/cachedListing';
import { DocumentCollection } from '../storage/documentCollection';
import type { DocumentStore } from '../storage/documentStore';
import { CorruptDocumentError } from '../storage/errors';
import { teamRecordSchema, type ConversationAddress, type MemberRef, type TeamRecord } from './teamRecord';

const docName = (teamId: string) => `${encodeURIComponent(teamId)}.json`;

/** The metadata name under which a team record carries its managers' Entra object ids (opaque ids only). */
const MANAGERS_METADATA = 'bakenmanagers';

/** The metadata written with a team record: its managers, so "which teams does she manage" is one listing. */
function teamMetadata(team: TeamRecord): Record<string, string> {
  return {
    [MANAGERS_METADATA]: team.removedAt
      ? ''
      : team.managers.map((m) => encodeURIComponent(m.aadObjectId)).join(' '),
  };
}

/** The teams Baken is installed in, with their escalation channel and managers. */
export class TeamStore {
  /** Every team record as last read: list() reads again only what changed. */
  private readonly records: CachedListing<typeof teamRecordSchema, TeamRecord>;
  /** A listing in flight, joined by callers that come while it runs (unless this store wrote since it began). */
  private listing?: { writes: number; teams: Promise<TeamRecord[]> };
  /** Writes made through this store, so a caller after a write never joins a listing from before it. */
  private writes = 0;
  /** The team records, typed by their schema on write as on read. */
  private readonly teams: DocumentCollection<typeof teamRecordSchema>;

  constructor(
    private readonly documents: DocumentStore,
    private readonly clock: Clock,
  ) {
    this.teams = new DocumentCollection(documents, teamRecordSchema);
    this.records = new CachedListing(documents, teamRecordSchema, (team) => team);
  }

  /** The team, or undefined when Baken does not know it (or was removed from it). */
  async get(teamId: string): Promise<TeamRecord | undefined> {
    const found = await this.teams.read(docName(teamId));
    return found && !found.value.removedAt ? found.value : undefined;
  }

  /** The teams this process saw installed at its last listing (no storage call; may be out of date). */
  lastKnownTeamIds(): string[] {
    return this.records.lastKnown().flatMap((team) => (team.removedAt ? [] : [team.teamId]));
  }

  /**
   * All teams Baken is installed in, as stored now: one listing gives every record's ETag, and only records that
   * changed since this process last read them are read again (an escalation asks for this list every time).
   */
  list(): Promise<TeamRecord[]> {
    if (this.listing && this.listing.writes === this.writes) return this.listing.teams;
    const teams = this.listFresh().finally(() => {
      if (this.listing?.teams === teams) this.listing = undefined;
    });
    this.listing = { writes: this.writes, teams };
    return teams;
  }

  private async listFresh(): Promise<TeamRecord[]> {
    const teams: TeamRecord[] = [];
    for (const doc of await this.records.all()) {
      if ('error' in doc) {
        // A damaged team record leaves that team out (as if Baken were not there), not every team.
        if (doc.error instanceof CorruptDocumentError) continue;
        throw doc.error;
      }
      if (!doc.value.removedAt) teams.push(doc.value);
    }
    return teams;
  }

  /**
   * The teams whose record lists the person as a manager: one listing of the team records' metadata, reading
   * only records written before the metadata existed. Callers still check the live roster.
   */
  async managedBy(aadObjectId: string): Promise<string[]> {
    const wanted = encodeURIComponent(aadObjectId);
    const found: string[] = [];
    for (const doc of await this.documents.listVersions('', { metadata: true })) {
      const managers = doc.metadata?.[MANAGERS_METADATA];
      if (managers !== undefined) {
        if (managers.split(' ').includes(wanted))
          found.push(decodeURIComponent(doc.name.slice(0, -'.json'.length)));
        continue;
      }
      const team = (await this.teams.read(doc.name))?.value;
      if (team && !team.removedAt && team.managers.some((m) => m.aadObjectId === aadObjectId))
        found.push(team.teamId);
    }
    return found;
  }

  /** Records an installation (or re-installation) in a team; keeps managers and channel set before. */
  async recordInstall(
    teamId: string,
    name: string,
    general: ConversationAddress,
  ): Promise<{ team: TeamRecord; isNew: boolean }> {
    const now = this.clock.now().toISOString();
    let isNew = false;
    const saved = await this.update(teamId, (current) => {
      isNew = !current || current.removedAt !== undefined;
      return {
        managers: [],
        ...current,
        teamId,
        name: name || current?.name || '',
        tenantId: general.tenantId,
        general,
        installedAt: current && !current.removedAt ? current.installedAt : now,
        removedAt: undefined,
      };
    });
    return { team: saved as TeamRecord, isNew };
  }

  /** Marks the team as left (Baken was removed); its data stays until retention removes it. */
  async recordRemoval(teamId: string): Promise<void> {
    await this.update(teamId, (current) =>
      current ? { ...current, removedAt: this.clock.now().toISOString() } : undefined,
    );
  }

  /** Makes a channel the team's escalation channel. */
  async setEscalationChannel(teamId: string, channelId: string, channelName: string, by: MemberRef) {
    return this.update(teamId, (current) =>
      current
        ? {
            ...current,
            escalationChannel: {
              channelId,
              name: channelName,
              setBy: by,
              setAt: this.clock.now().toISOString(),
            },
          }
        : undefined,
    );
  }

  /** Adds a manager; no change when they already are one. */
  async addManager(teamId: string, member: MemberRef, by: MemberRef): Promise<TeamRecord | undefined> {
    return this.update(teamId, (current) => {
      if (!current || current.managers.some((m) => m.aadObjectId === member.aadObjectId)) return undefined;
      const added = { ...member, addedBy: by.aadObjectId, addedAt: this.clock.now().toISOString() };
      return { ...current, managers: [...current.managers, added] };
    });
  }

  /** Removes a manager; no change when they are not one. */
  async removeManager(teamId: string, aadObjectId: string): Promise<TeamRecord | undefined> {
    return this.update(teamId, (current) => {
      if (!current || !current.managers.some((m) => m.aadObjectId === aadObjectId)) return undefined;
      return { ...current, managers: current.managers.filter((m) => m.aadObjectId !== aadObjectId) };
    });
  }

  /** An ETag-checked change of one team record; a listing begun before it ends is not shared after it. */
  private async update(
    teamId: string,
    change: (current: TeamRecord | undefined) => TeamRecord | undefined,
  ): Promise<TeamRecord | undefined> {
    try {
      return await this.teams.update(docName(teamId), change, {
        metadata: teamMetadata,
      });
    } finally {
      this.writes++;
    }
  }
}
