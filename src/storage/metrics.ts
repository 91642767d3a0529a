/** Counts blob operations, so tests and the benchmark can see how many a turn costs. */
export class StorageMetrics {
  reads = 0;
  writes = 0;
  deletes = 0;
  lists = 0;
  /** Property look-ups (ETag and metadata, no content). */
  heads = 0;

  /** A copy of the counters at this moment. */
  snapshot(): { reads: number; writes: number; deletes: number; lists: number; heads: number } {
    return {
      reads: this.reads,
      writes: this.writes,
      deletes: this.deletes,
      lists: this.lists,
      heads: this.heads,
    };
  }
}
