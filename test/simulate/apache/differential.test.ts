import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveFs } from '../../../src/fs/live-fs.js';
import { loadUserDb } from '../../../src/fs/users.js';
import { buildApacheModel } from '../../../src/model/apache/index.js';
import { loadApacheConfig } from '../../../src/parse/apache/index.js';
import { createApacheSimulator } from '../../../src/simulate/apache/index.js';
import type { Simulator } from '../../../src/simulate/types.js';
import { startApache, type ApacheServer } from '../../helpers/apache-server.js';
import { makeTempRoot, removeTree } from '../../helpers/tree.js';
import { apacheConfigBody, loadScenarios, materializeApacheScenarios, parseExpectation, runAsKey, type Scenario } from './scenarios.js';

/**
 * Every scenario of fixtures/scenarios/apache runs against a real apache2 and against the
 * simulator built from the very same httpd.conf. Scenarios share one apache2 per User/Group
 * (one vhost each, four ports per instance), so the whole suite starts as few as possible.
 */

const FIRST_PORT = 18200;
const PORTS_PER_INSTANCE = 4;
const FIXTURES = join(import.meta.dirname, '../../../fixtures/scenarios/apache');
const scenarios = loadScenarios(FIXTURES);

interface Instance {
  runAs: { user: string; group: string };
  scenarios: Scenario[];
  ports: number[];
  apache?: ApacheServer;
  simulator?: Simulator;
  diagnostics: string[];
}

const instances = new Map<string, Instance>();
for (const scenario of scenarios) {
  const key = runAsKey(scenario);
  let instance = instances.get(key);
  if (!instance) {
    const first = FIRST_PORT + instances.size * PORTS_PER_INSTANCE;
    const [user = 'www-data', group = 'www-data'] = key.split(':');
    instance = { runAs: { user, group }, scenarios: [], ports: Array.from({ length: PORTS_PER_INSTANCE }, (_, i) => first + i), diagnostics: [] };
    instances.set(key, instance);
  }
  instance.scenarios.push(scenario);
}
const instanceOf = (scenario: Scenario): Instance => instances.get(runAsKey(scenario)) as Instance;

let base = '';

beforeAll(async () => {
  base = makeTempRoot('forbidlint-apache-');
  materializeApacheScenarios(scenarios, base, new LiveFs('/'), (s) => instanceOf(s).ports);
  const fs = new LiveFs('/');
  const { users } = loadUserDb(fs);
  await Promise.all(
    [...instances.values()].map(async (instance, index) => {
      const stateDir = join(base, `.httpd-${index}`);
      mkdirSync(stateDir);
      instance.apache = await startApache({ dir: stateDir, body: apacheConfigBody(instance.scenarios, instance, base), ports: instance.ports });
      const config = loadApacheConfig(instance.apache.configPath, { fs });
      const model = buildApacheModel(config);
      instance.simulator = createApacheSimulator(model, { fs, users });
      instance.diagnostics = [...config.diagnostics, ...model.diagnostics].filter((d) => d.severity === 'error').map((d) => `${d.loc.file}:${d.loc.line}: ${d.message}`);
    }),
  );
});

afterAll(async () => {
  await Promise.all([...instances.values()].map((instance) => instance.apache?.stop()));
  if (base) removeTree(base);
});

it.each([...instances.keys()])('finds no error in the config the real httpd started with (User/Group %s)', (key) => {
  expect(instances.get(key)?.diagnostics).toEqual([]);
});

describe.each(scenarios.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
  it.each(scenario.requests.map((r) => [`${r.method ?? 'GET'} ${r.path}${r.clientIp ? ` from ${r.clientIp}` : ''} -> ${r.expect}`, r] as const))('%s', async (_title, request) => {
    const instance = instanceOf(scenario);
    const host = request.host ?? `${scenario.name}.test`;
    const port = instance.ports[request.listen ?? 0] as number;
    const real = await (instance.apache as ApacheServer).send({ ...request, host, port });
    const expected = parseExpectation(request.expect);
    expect({ status: real.status, cause: real.cause }, `${scenario.about}\nerror.log:\n${real.logLines.join('\n')}`).toEqual(expected);

    const verdict = (instance.simulator as Simulator).explain({
      method: request.method ?? 'GET',
      scheme: 'http',
      host,
      port,
      path: request.path.replace(/\?.*$/, ''),
      query: /\?(.*)$/.exec(request.path)?.[1] ?? '',
      clientIp: request.clientIp ?? '127.0.0.1',
      ...(request.headers ? { headers: request.headers } : {}),
    });
    const predicted = request.simulator ? parseExpectation(request.simulator) : expected;
    expect({ status: verdict.status, cause: verdict.cause }, verdict.trace.map((t) => `${t.step}: ${t.message}`).join('\n')).toEqual(predicted);
  });
});
