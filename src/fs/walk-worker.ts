import { parentPort, workerData } from 'node:worker_threads';
import { DirectoryPins, childPath, listLiveDirectory, type DirIdentity } from './tree-source.js';
import {
  JOB_CANCELLED,
  JOB_QUEUED,
  JOB_STARTED,
  ListingEncoder,
  MAX_BUFFERED_ENTRIES,
  STATE,
  jobSlot,
  type ChunkMessage,
  type HelperStartup,
  type SubtreeJob,
} from './walk-protocol.js';

/**
 * The walk's helper thread: lists the subtrees the walk hands over, depth first and names
 * sorted exactly as the walk descends, so the two threads share the lstat calls of a big tree.
 * It only ever descends into directories it lstat-ed as directories, under host paths the walk
 * already confined, so like the walk it never leaves --root.
 */

/** Entries per message: large enough that cloning overhead vanishes, small enough to stream. */
const CHUNK_ENTRIES = 2048;
/** How long to sleep while the walk has not caught up, before looking again. */
const WAIT_MS = 50;

if (parentPort === null) throw new Error('walk-worker.js runs as a worker thread of the walk');
const port = parentPort;
const { state: stateBuffer, ignore, acls: readAcls, contexts, native } = workerData as HelperStartup;
const state = new Int32Array(stateBuffer);
const ignored = ignore.length > 0 ? (await import('./walk-ignore.js')).ignoreRule(ignore) : undefined;
const labels = readAcls ? (await import('./xattr-acl.js')).nativeLabelReader(contexts) : undefined;
// Listings without the labels the walk reads would judge by the mode bits alone: stop, and the walk lists on its own.
if (readAcls && labels === undefined) throw new Error('the xattr reader did not load in the walk helper');
// Without it here the helper lists in JavaScript: the same listings, at more cost.
const addon = native ? (await import('./native-listing.js')).nativeListing() : undefined;
const pins = new DirectoryPins(addon);
const encoder = new ListingEncoder();

port.on('message', (job: SubtreeJob) => {
  if (Atomics.compareExchange(state, jobSlot(job.job), JOB_QUEUED, JOB_STARTED) !== JOB_CANCELLED) {
    listSubtree(job, job.path, job.handle, job.identity);
    send(job.job, true);
  }
  Atomics.add(state, STATE.finishedJobs, 1);
});

function listSubtree(job: SubtreeJob, path: string, handle: string, identity?: DirIdentity): void {
  const listed = listLiveDirectory(handle, identity, labels, pins, addon);
  encoder.add(handle, listed);
  if (encoder.entries >= CHUNK_ENTRIES) send(job.job, false);
  if (!listed.ok) return;
  for (const { name, stat, identity: childIdentity } of listed.value.entries) {
    if (stat.type !== 'dir') continue;
    const entryPath = childPath(path, name);
    if (ignored?.(entryPath, job.root)) continue;
    listSubtree(job, entryPath, childPath(handle, name), childIdentity);
  }
  pins.release(handle);
}

function send(job: number, done: boolean): void {
  while (Atomics.load(state, STATE.bufferedEntries) > MAX_BUFFERED_ENTRIES && Atomics.load(state, STATE.awaitedJob) !== job) {
    Atomics.wait(state, STATE.bufferedEntries, Atomics.load(state, STATE.bufferedEntries), WAIT_MS);
  }
  const chunk = encoder.take();
  Atomics.add(state, STATE.bufferedEntries, chunk.entries);
  const message: ChunkMessage = { job, chunk, done };
  port.postMessage(message, [chunk.numbers.buffer]);
}
