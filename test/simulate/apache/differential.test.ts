import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveFs } from '../../../src/fs/live-fs.js';
import { parseManifest } from '../../../src/fs/manifest-fs.js';
import { loadUserDb } from '../../../src/fs/users.js';
import { buildApacheModel } from '../../../src/model/apache/index.js';
import { loadApacheConfig } from '../../../src/parse/apache/index.js';
import { createApacheSimulator } from '../../../src/simulate/apache/index.js';
import type { Simulator } from '../../../src/simulate/types.js';
import { startApache, type ApacheServer } from '../../helpers/apache-server.js';
import { makeTempRoot, materializeManifest, removeTree } from '../../helpers/tree.js';
import { loadScenarios, parseExpectation, type Scenario } from './scenarios.js';

/**
 * Every scenario of fixtures/scenarios/apache runs against one real apache2 (one vhost per
 * scenario, several ports) and against the simulator built from the very same httpd.conf.
 */

const PORTS = [18200, 18201, 18202, 18203] as const;
const FIXTURES = join(import.meta.dirname, '../../../fixtures/scenarios/apache');
const scenarios = loadScenarios(FIXTURES);

let base = '';
let apache: ApacheServer | undefined;
let simulator: Simulator;
let diagnostics: string[] = [];

function fill(text: string, scenario: Scenario): string {
  return text.replaceAll('@ROOT@', join(base, scenario.name)).replaceAll('@BASE@', base).replaceAll('@PORT@', String(PORTS[0])).replace(/@PORT(\d)@/g, (_, i: string) => String(PORTS[Number(i)]));
}

function configBody(): string {
  const globals = scenarios.flatMap((s) => (s.global ? [fill(s.global, s)] : []));
  const vhosts = scenarios.map((s) =>
    s.raw
      ? fill(s.raw, s)
      : [`<VirtualHost 127.0.0.1:${PORTS[0]}>`, `ServerName ${s.name}.test`, `DocumentRoot ${join(base, s.name, 'www')}`, fill(s.vhost ?? '', s), '</VirtualHost>'].join('\n'),
  );
  return [
    ...PORTS.map((p) => `Listen 127.0.0.1:${p}`),
    // As Debian's envvars does: the loader must substitute the variable for the web user.
    'Define APACHE_RUN_USER www-data',
    'Define APACHE_RUN_GROUP www-data',
    'User ${APACHE_RUN_USER}',
    'Group ${APACHE_RUN_GROUP}',
    `DocumentRoot ${join(base, 'main-www')}`,
    ...globals,
    ...vhosts,
    '',
  ].join('\n');
}

function materializeScenarios(): void {
  const { users } = loadUserDb(new LiveFs('/'));
  const owners = new Set(['root', 'www-data']);
  const entries: Record<string, string>[] = [{ path: '/main-www', type: 'dir' }, { path: '/main-www/index.html', type: 'file', content: 'main\n' }];
  for (const s of scenarios) {
    entries.push({ path: `/${s.name}`, type: 'dir' });
    for (const e of s.tree) {
      const type = e.type ?? (e.target !== undefined ? 'symlink' : e.content !== undefined ? 'file' : 'dir');
      entries.push({ ...e, type, path: `/${s.name}${e.path}`, ...(e.target ? { target: fill(e.target, s) } : {}), ...(e.content ? { content: fill(e.content, s) } : {}) });
      if (e.owner) owners.add(e.owner);
      if (e.group) owners.add(e.group);
    }
  }
  const accounts = [...owners].map((name) => users.userByName(name)).filter((u) => u !== undefined);
  const groups = [...owners].map((name) => users.groupByName(name)).filter((g) => g !== undefined);
  const manifest = parseManifest(JSON.stringify({ users: accounts, groups, entries }), 'scenarios');
  if (!manifest.ok) throw new Error(manifest.errors.join('\n'));
  materializeManifest(manifest.tree, base);
}

beforeAll(async () => {
  base = makeTempRoot('forbidlint-apache-');
  materializeScenarios();
  const stateDir = join(base, '.httpd');
  mkdirSync(stateDir);
  apache = await startApache({ dir: stateDir, body: configBody(), ports: PORTS });
  const fs = new LiveFs('/');
  const config = loadApacheConfig(apache.configPath, { fs });
  const model = buildApacheModel(config);
  simulator = createApacheSimulator(model, { fs, users: loadUserDb(fs).users });
  diagnostics = [...config.diagnostics, ...model.diagnostics].filter((d) => d.severity === 'error').map((d) => `${d.loc.file}:${d.loc.line}: ${d.message}`);
});

it('finds no error in the config the real httpd started with', () => {
  expect(diagnostics).toEqual([]);
});

afterAll(async () => {
  await apache?.stop();
  if (base) removeTree(base);
});

describe.each(scenarios.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
  it.each(scenario.requests.map((r) => [`${r.method ?? 'GET'} ${r.path}${r.clientIp ? ` from ${r.clientIp}` : ''} -> ${r.expect}`, r] as const))('%s', async (_title, request) => {
    const host = request.host ?? `${scenario.name}.test`;
    const port = request.port ?? PORTS[0];
    const real = await (apache as ApacheServer).send({ ...request, host, port });
    const expected = parseExpectation(request.expect);
    expect({ status: real.status, cause: real.cause }, `${scenario.about}\nerror.log:\n${real.logLines.join('\n')}`).toEqual(expected);

    const verdict = simulator.explain({
      method: request.method ?? 'GET',
      scheme: 'http',
      host,
      port,
      path: request.path,
      query: '',
      clientIp: request.clientIp ?? '127.0.0.1',
      ...(request.headers ? { headers: request.headers } : {}),
    });
    const predicted = request.simulator ? parseExpectation(request.simulator) : expected;
    expect({ status: verdict.status, cause: verdict.cause }, verdict.trace.map((t) => `${t.step}: ${t.message}`).join('\n')).toEqual(predicted);
  });
});
