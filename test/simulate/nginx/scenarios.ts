import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { parseManifest, type ManifestTree } from '../../../src/fs/manifest-fs.js';

/**
 * The differential scenarios of fixtures/scenarios/nginx: each file is one nginx process (one
 * `user`, one tree); each scenario is one or more server blocks on its own port, with requests
 * and what real nginx answers to them.
 */

/** A folder of scenario files and the ports its scenarios take, one each, in file order. */
export interface ScenarioSuite {
  dir: string;
  firstPort: number;
  lastPort: number;
}

export const CORE_SUITE: ScenarioSuite = { dir: new URL('../../../fixtures/scenarios/nginx/', import.meta.url).pathname, firstPort: 18080, lastPort: 18199 };
/** What the rewrite module and request-line parsing decide: `set`, `if`, `merge_slashes`, `return` before access. */
export const REWRITE_MODULE_SUITE: ScenarioSuite = { dir: new URL('../../../fixtures/scenarios/nginx/rewrite-module/', import.meta.url).pathname, firstPort: 20500, lastPort: 20599 };

export interface Outcome {
  status: number;
  cause: string | null;
}

export interface ScenarioRequest {
  method: string;
  path: string;
  /** Host header; the scenario's port is appended when it has none. */
  host: string;
  /** Loopback address the client connects to. */
  to: string;
  /** Client source address. */
  from: string;
  auth: boolean;
  /** What real nginx answers: asserted, so a scenario keeps covering what it was written for. */
  expect: Outcome;
  /** A documented divergence (KNOWN-LIMITATIONS.md): what the simulator answers instead. */
  known?: Outcome;
}

export interface Scenario {
  name: string;
  port: number;
  /** Server blocks with `{{port}}` and `{{root}}` substituted. */
  config: (root: string) => string;
  requests: ScenarioRequest[];
}

export interface ScenarioFile {
  file: string;
  description: string;
  user?: string;
  tree: ManifestTree;
  http: (root: string) => string;
  scenarios: Scenario[];
}

export function loadScenarioFiles(suite: ScenarioSuite = CORE_SUITE): ScenarioFile[] {
  let port = suite.firstPort;
  return readdirSync(suite.dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const file = join(suite.dir, name);
      const data = parse(readFileSync(file, 'utf8')) as RawFile;
      const manifest = parseManifest(stringify(data.tree), `${file} (tree)`);
      if (!manifest.ok) throw new Error(manifest.errors.join('\n'));
      const scenarios = data.scenarios.map((raw): Scenario => {
        const scenarioPort = port++;
        if (scenarioPort > suite.lastPort) throw new Error(`more scenarios than ports ${suite.firstPort}-${suite.lastPort}`);
        const fill = (text: string) => (root: string) => text.replaceAll('{{port}}', String(scenarioPort)).replaceAll('{{root}}', root);
        return { name: raw.name, port: scenarioPort, config: fill(raw.config), requests: raw.requests.map((r) => request(r, scenarioPort)) };
      });
      const http = data.http ?? '';
      return {
        file: name,
        description: data.description,
        ...(data.user === undefined ? {} : { user: data.user }),
        tree: manifest.tree,
        http: (root: string) => http.replaceAll('{{root}}', root),
        scenarios,
      };
    });
}

interface RawFile {
  description: string;
  user?: string;
  tree: unknown;
  http?: string;
  scenarios: Array<{ name: string; config: string; requests: RawRequest[] }>;
}

interface RawRequest {
  path: string;
  method?: string;
  host?: string;
  to?: string;
  from?: string;
  auth?: boolean;
  expect: string | number;
  known?: string | number;
}

function request(raw: RawRequest, port: number): ScenarioRequest {
  const host = raw.host ?? 'localhost';
  return {
    method: raw.method ?? 'GET',
    path: raw.path,
    host: /:\d+$/.test(host) ? host : `${host}:${port}`,
    to: raw.to ?? '127.0.0.1',
    from: raw.from ?? '127.0.0.1',
    auth: raw.auth ?? false,
    expect: outcome(raw.expect),
    ...(raw.known === undefined ? {} : { known: outcome(raw.known) }),
  };
}

/** `403 permission-denied`, `200` (no cause). */
export function outcome(text: string | number): Outcome {
  const [status = '', cause] = String(text).split(/\s+/);
  return { status: Number(status), cause: cause ?? null };
}
