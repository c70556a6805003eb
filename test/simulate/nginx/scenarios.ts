import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { parseManifest, type ManifestTree } from '../../../src/fs/manifest-fs.js';

/**
 * The differential scenarios of fixtures/scenarios/nginx: each file is one nginx process (one
 * `user`, one tree); each scenario is one or more server blocks on its own port, with requests
 * and what real nginx answers to them.
 */

export const SCENARIO_DIR = new URL('../../../fixtures/scenarios/nginx/', import.meta.url).pathname;
/** Ports assigned to this suite: one per scenario, in file order. */
export const FIRST_PORT = 18080;
export const LAST_PORT = 18199;

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

export function loadScenarioFiles(): ScenarioFile[] {
  let port = FIRST_PORT;
  return readdirSync(SCENARIO_DIR)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const file = join(SCENARIO_DIR, name);
      const data = parse(readFileSync(file, 'utf8')) as RawFile;
      const manifest = parseManifest(stringify(data.tree), `${file} (tree)`);
      if (!manifest.ok) throw new Error(manifest.errors.join('\n'));
      const scenarios = data.scenarios.map((raw): Scenario => {
        const scenarioPort = port++;
        if (scenarioPort > LAST_PORT) throw new Error(`more scenarios than ports ${FIRST_PORT}-${LAST_PORT}`);
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
