import { parentPort, workerData } from 'node:worker_threads';
import { failureOf, secondsSince, servedOf } from './fleet.js';
import type { FleetJob, FleetReply, FleetStartup } from './fleet-protocol.js';
import { LintSession } from './lint-session.js';
import { ignoreFilter } from './targets.js';

/**
 * A fleet's worker thread: opens the same session as the command line (configuration,
 * plugins, rules) and lints the servers it is handed, one at a time, replying with each one's
 * results as plain data.
 */

if (parentPort === null) throw new Error('fleet-worker.js runs as a worker thread of a fleet lint');
const port = parentPort;
const { settings, paths, ignoreSets, walkIgnore, walkHelper } = workerData as FleetStartup;
const reply = (message: FleetReply): void => port.postMessage(message);
const session = LintSession.open({ ...settings, onWarning: (message) => reply({ kind: 'warning', message }) });
const isIgnored = ignoreFilter(ignoreSets);

port.on('message', ({ index }: FleetJob) => {
  void lint(index);
});

async function lint(index: number): Promise<void> {
  const started = performance.now();
  try {
    const linted = await (await session).lintServer(index, { paths }, {
      isIgnored,
      walkIgnore,
      walkHelper,
      onWalkProgress: (root, entries, current) => reply({ kind: 'progress', index, root, entries, ...(current !== undefined ? { current } : {}) }),
    });
    reply({ kind: 'linted', index, linted: { ...servedOf(linted), seconds: secondsSince(started) } });
  } catch (error) {
    reply({ kind: 'failed', index, failure: failureOf(error), seconds: secondsSince(started) });
  }
}
