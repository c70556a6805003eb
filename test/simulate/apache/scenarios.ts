import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseManifest } from '../../../src/fs/manifest-fs.js';
import type { FsView } from '../../../src/fs/types.js';
import { loadUserDb } from '../../../src/fs/users.js';
import { materializeManifest } from '../../helpers/tree.js';

/**
 * Differential scenarios: a piece of Apache config, a tree with real modes and owners, and
 * requests whose status and AH code the real httpd and the simulator must both produce.
 *
 * `@ROOT@` in a scenario's text is its own directory; by default its config goes inside a
 * `<VirtualHost 127.0.0.1:@PORT@>` named `<name>.test` whose DocumentRoot is `@ROOT@/www`.
 */
export interface ScenarioEntry {
  path: string;
  type?: 'file' | 'dir' | 'symlink';
  mode?: string;
  owner?: string;
  group?: string;
  content?: string;
  target?: string;
}

export interface ScenarioRequest {
  path: string;
  method?: string;
  host?: string;
  /** Which of the instance's ports (`@PORT0@`..`@PORT3@`) to connect to; 0 by default. */
  listen?: number;
  clientIp?: string;
  headers?: Record<string, string>;
  /** `403 AH01630`, `200`, `500`: what the real server answers and logs first. */
  expect: string;
  /** A known divergence: what the simulator answers instead (see KNOWN-LIMITATIONS.md). */
  simulator?: string;
}

export interface Scenario {
  name: string;
  about: string;
  file: string;
  tree: ScenarioEntry[];
  /** Inside the scenario's own <VirtualHost>. */
  vhost?: string;
  /** Added to the main server, before every <VirtualHost>. */
  global?: string;
  /** Top-level config instead of the generated <VirtualHost> (vhost selection scenarios). */
  raw?: string;
  /** User and Group of the apache2 the scenario runs in (www-data:www-data by default). */
  runAs?: { user: string; group?: string };
  requests: ScenarioRequest[];
}

export function loadScenarios(dir: string): Scenario[] {
  const scenarios: Scenario[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as { scenarios: Omit<Scenario, 'file'>[] };
    for (const s of doc.scenarios) scenarios.push({ ...s, tree: s.tree ?? [], file });
  }
  return scenarios;
}

/** Scenarios with the same key share one apache2 process. */
export function runAsKey(scenario: Scenario): string {
  return `${scenario.runAs?.user ?? 'www-data'}:${scenario.runAs?.group ?? scenario.runAs?.user ?? 'www-data'}`;
}

/** `403 AH01630` -> { status: 403, cause: 'AH01630' }. */
export function parseExpectation(text: string | number): { status: number; cause: string | null } {
  const [status = '', cause] = String(text).split(/\s+/);
  return { status: Number(status), cause: cause ?? null };
}

/** The ports and account one apache2 instance runs its scenarios with. */
export interface ScenarioInstance {
  runAs: { user: string; group: string };
  ports: number[];
}

/** A scenario's text with its directory under `base` and its instance's ports filled in. */
export function fillScenario(text: string, scenario: Scenario, base: string, ports: readonly number[]): string {
  return text
    .replaceAll('@ROOT@', join(base, scenario.name))
    .replaceAll('@BASE@', base)
    .replaceAll('@PORT@', String(ports[0]))
    .replace(/@PORT(\d)@/g, (_, i: string) => String(ports[Number(i)]));
}

/** The httpd.conf body of one instance (after the preamble): its Listen lines, web user and one vhost per scenario. */
export function apacheConfigBody(scenarios: readonly Scenario[], instance: ScenarioInstance, base: string): string {
  const [port] = instance.ports;
  const fill = (text: string, s: Scenario): string => fillScenario(text, s, base, instance.ports);
  const globals = scenarios.flatMap((s) => (s.global ? [fill(s.global, s)] : []));
  const vhosts = scenarios.map((s) =>
    s.raw
      ? fill(s.raw, s)
      : [`<VirtualHost 127.0.0.1:${port}>`, `ServerName ${s.name}.test`, `DocumentRoot ${join(base, s.name, 'www')}`, fill(s.vhost ?? '', s), '</VirtualHost>'].join('\n'),
  );
  return [
    ...instance.ports.map((p) => `Listen 127.0.0.1:${p}`),
    // As Debian's envvars does: the loader must substitute the variable for the web user.
    `Define APACHE_RUN_USER ${instance.runAs.user}`,
    `Define APACHE_RUN_GROUP ${instance.runAs.group}`,
    'User ${APACHE_RUN_USER}',
    'Group ${APACHE_RUN_GROUP}',
    `DocumentRoot ${join(base, 'main-www')}`,
    ...globals,
    ...vhosts,
    '',
  ].join('\n');
}

/** Every scenario's tree under `base/<name>`, with real modes and owners (root is needed for the owners). */
export function materializeApacheScenarios(scenarios: readonly Scenario[], base: string, fs: FsView, portsOf: (s: Scenario) => readonly number[] = () => []): void {
  const { users } = loadUserDb(fs);
  const owners = new Set(['root', 'www-data']);
  const entries: Record<string, string>[] = [{ path: '/main-www', type: 'dir' }, { path: '/main-www/index.html', type: 'file', content: 'main\n' }];
  for (const s of scenarios) {
    const fill = (text: string): string => fillScenario(text, s, base, portsOf(s));
    entries.push({ path: `/${s.name}`, type: 'dir' });
    for (const e of s.tree) {
      const type = e.type ?? (e.target !== undefined ? 'symlink' : e.content !== undefined ? 'file' : 'dir');
      entries.push({ ...e, type, path: `/${s.name}${e.path}`, ...(e.target ? { target: fill(e.target) } : {}), ...(e.content ? { content: fill(e.content) } : {}) });
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
