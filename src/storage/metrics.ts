/** Counts blob operations, so tests and the benchmark can see how many a turn costs. */
export class StorageMetrics {
  reads = 0;
  writes = 0;
  deletes = 0;
  lists = 0;
  /** Property look-ups (ETag and metadata, no content). */
  heads = 0;
  /** Names the listings returned (a listing's cost grows with them). */
  listed = 0;

  /** A copy of the counters at this moment. */
  snapshot(): {
    reads: number;
    writes: number;
    deletes: number;
    lists: number;
    heads: number;
    listed: number;
  } {
    return {
      reads: this.reads,
      writes: this.writes,
      deletes: this.deletes,
      lists: this.lists,
      heads: this.heads,
      listed: this.listed,
    };
  }
}
