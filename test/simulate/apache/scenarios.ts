import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

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
