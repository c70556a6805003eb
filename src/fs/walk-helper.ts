import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FsResult } from './types.js';
import type { DirIdentity, Listing } from './tree-source.js';
import {
  JOB_CANCELLED,
  JOB_QUEUED,
  STATE,
  STATE_BYTES,
  ListingDecoder,
  jobSlot,
  type ChunkMessage,
  type DecodedListing,
  type EncodedListings,
  type HelperSettings,
  type HelperStartup,
  type SubtreeJob,
} from './walk-protocol.js';

/**
 * A second thread for a big live walk: lstat is most of a walk's time, and two cores share it
 * (find runs on one). The walk keeps listing in its own order and hands the helper every other
 * subtree ahead of it; by the time it gets there, their listings are waiting.
 */

/** Jobs handed over and not yet begun: one to work on and one queued, so the helper never idles. */
const MAX_OUTSTANDING_JOBS = 2;

export class WalkHelper {
  /**
   * Next to this module in the build; absent when the sources run untranspiled (vitest), where
   * the walk then stays on one thread.
   */
  static readonly script = new URL('./walk-worker.js', import.meta.url);

  private readonly claims = new Map<number, ClaimedSubtree>();
  private jobs = 0;
  private stopped = false;
  /** Entries the helper listed, for the walk's summary. */
  listedEntries = 0;

  private constructor(
    private readonly worker: Worker,
    private readonly state: Int32Array,
    private readonly listHere: (handle: string, identity?: DirIdentity) => Promise<FsResult<Listing>>,
  ) {}

  /**
   * Undefined when the script is missing. `listHere` lists a directory on the walk's own thread,
   * for subtrees the helper did not list because it failed to start or stopped.
   */
  static start(script: URL, settings: HelperSettings, listHere: (handle: string, identity?: DirIdentity) => Promise<FsResult<Listing>>): WalkHelper | undefined {
    if (!existsSync(fileURLToPath(script))) return undefined;
    const startup: HelperStartup = { state: new SharedArrayBuffer(STATE_BYTES), ...settings };
    // None of the process's node options concern the helper, and some would stop it from
    // starting: `node --input-type=module -e ...` embeds the walk in a script on the command line.
    const worker = new Worker(script, { workerData: startup, execArgv: [] });
    const state = new Int32Array(startup.state);
    Atomics.store(state, STATE.awaitedJob, -1);
    const helper = new WalkHelper(worker, state, listHere);
    worker.on('message', (message: ChunkMessage) => helper.receive(message));
    worker.on('error', () => helper.stop());
    worker.on('exit', () => helper.stop());
    return helper;
  }

  wantsWork(): boolean {
    return !this.stopped && this.jobs - Atomics.load(this.state, STATE.finishedJobs) < MAX_OUTSTANDING_JOBS;
  }

  /** `identity`: what the walk's listing saw at `handle`, which the helper checks before listing it. */
  claim(path: string, handle: string, root: string, identity: DirIdentity | undefined): ClaimedSubtree {
    const job = this.jobs++;
    Atomics.store(this.state, jobSlot(job), JOB_QUEUED);
    const claimed = new ClaimedSubtree(job, this);
    this.claims.set(job, claimed);
    const message: SubtreeJob = { job, path, handle, root, ...(identity === undefined ? {} : { identity }) };
    this.worker.postMessage(message);
    return claimed;
  }

  /** Whether the walk, now at a claimed subtree, takes it back because the helper has not begun it. */
  cancel(claimed: ClaimedSubtree): boolean {
    // The helper takes jobs in order: one below the finished count is done, and its slot may be reused.
    if (claimed.job < Atomics.load(this.state, STATE.finishedJobs)) return false;
    if (Atomics.compareExchange(this.state, jobSlot(claimed.job), JOB_QUEUED, JOB_CANCELLED) !== JOB_QUEUED) return false;
    this.claims.delete(claimed.job);
    return true;
  }

  async close(): Promise<void> {
    this.stop();
    await this.worker.terminate();
  }

  /** The walk took a listing: the helper may send more. */
  taken(listing: DecodedListing): void {
    this.listedEntries += listing.size;
    Atomics.sub(this.state, STATE.bufferedEntries, listing.size);
    Atomics.notify(this.state, STATE.bufferedEntries);
  }

  listOnWalkThread(handle: string, identity: DirIdentity | undefined): Promise<FsResult<Listing>> {
    return this.listHere(handle, identity);
  }

  /** The walk waits for this job: the helper must not pause it for memory, or neither thread moves. */
  awaiting(job: number): void {
    Atomics.store(this.state, STATE.awaitedJob, job);
    Atomics.notify(this.state, STATE.bufferedEntries);
  }

  get running(): boolean {
    return !this.stopped;
  }

  private receive({ job, chunk, done }: ChunkMessage): void {
    const claimed = this.claims.get(job);
    if (done) this.claims.delete(job);
    claimed?.receive(chunk, done);
  }

  private stop(): void {
    this.stopped = true;
    for (const claimed of this.claims.values()) claimed.wake();
  }
}

/** A subtree handed to the helper: its listings, in the order the walk descends. */
export class ClaimedSubtree {
  private readonly chunks: EncodedListings[] = [];
  private decoder: ListingDecoder | undefined;
  private complete = false;
  private waiting: (() => void) | undefined;

  constructor(
    readonly job: number,
    private readonly helper: WalkHelper,
  ) {}

  async list(handle: string, identity: DirIdentity | undefined): Promise<FsResult<Listing>> {
    for (;;) {
      const next = this.nextListing();
      if (next !== undefined) {
        // Walk and helper descend by the same rule; a different directory here is a bug.
        if (next.handle !== handle) throw new Error(`walk helper listed ${next.handle} where the walk expected ${handle}`);
        this.helper.taken(next);
        return next.listed;
      }
      if (this.complete || !this.helper.running) return this.helper.listOnWalkThread(handle, identity);
      this.helper.awaiting(this.job);
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  receive(chunk: EncodedListings, done: boolean): void {
    this.chunks.push(chunk);
    this.complete = done;
    this.wake();
  }

  wake(): void {
    this.waiting?.();
    this.waiting = undefined;
  }

  private nextListing(): DecodedListing | undefined {
    for (;;) {
      const next = this.decoder?.next();
      if (next !== undefined) return next;
      const chunk = this.chunks.shift();
      this.decoder = chunk && new ListingDecoder(chunk);
      if (this.decoder === undefined) return undefined;
    }
  }
}
