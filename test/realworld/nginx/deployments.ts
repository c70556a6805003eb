import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { outcome, type Outcome } from '../../simulate/nginx/scenarios.js';

/**
 * The real-world deployments of fixtures/realworld/nginx: each application's own nginx file,
 * byte for byte as its project publishes it, plus the few edits a deployment must make (paths,
 * ports, back-end addresses), each one listed and applied here so the file itself stays
 * verbatim. All of them run in one Debian-layout /etc/nginx, one port each.
 */

export const REALWORLD_DIR = new URL('../../../fixtures/realworld/nginx/', import.meta.url).pathname;
/** One port per deployment, in name order. */
export const FIRST_PORT = 20400;
export const LAST_PORT = 20499;
/** The stand-ins for PHP-FPM and for an HTTP application server. */
export const FASTCGI_PORT = 20600;
export const HTTP_BACKEND_PORT = 20601;

/** One edit of an upstream file: `from` must occur in it; every occurrence is replaced. */
export interface Change {
  from: string;
  to: string;
  why: string;
}

export interface RealworldRequest {
  path: string;
  method: string;
  /** Host header, without the port. */
  host: string;
  from: string;
  /** What real nginx answers, asserted so the request keeps covering what it was written for. */
  expect: Outcome;
  /** A difference listed in KNOWN-LIMITATIONS.md: what explain answers instead. */
  known?: Outcome;
  /** SCRIPT_FILENAME the FastCGI back end gets (`{{root}}` for the tree's root). */
  backend?: string;
  /** What the request is about (the planted mistake, the pretty URL...). */
  note?: string;
}

export interface Deployment {
  name: string;
  app: string;
  port: number;
  /** The upstream files, each installed under /etc/nginx at `installAs`, with its changes. */
  files: Array<{ file: string; installAs: string; enabled?: string; changes: Change[] }>;
  /** Manifest entries of the served tree (paths inside the test root). */
  entries: unknown[];
  requests: RealworldRequest[];
}

interface RawDeployment {
  app: string;
  host: string;
  files: Array<{ file: string; install_as: string; enabled?: string; changes?: Change[] }>;
  entries: unknown[];
  requests: Array<{ path: string; method?: string; host?: string; from?: string; expect: string | number; known?: string | number; backend?: string; note?: string }>;
}

export function loadDeployments(): Deployment[] {
  const appsDir = join(REALWORLD_DIR, 'apps');
  const names = readdirSync(appsDir).sort();
  if (FIRST_PORT + names.length - 1 > LAST_PORT) throw new Error(`more deployments than ports ${FIRST_PORT}-${LAST_PORT}`);
  return names.map((name, i): Deployment => {
    const raw = parse(readFileSync(join(appsDir, name, 'deployment.yaml'), 'utf8')) as RawDeployment;
    return {
      name,
      app: raw.app,
      port: FIRST_PORT + i,
      files: raw.files.map((f) => ({ file: join(appsDir, name, f.file), installAs: f.install_as, ...(f.enabled ? { enabled: f.enabled } : {}), changes: f.changes ?? [] })),
      entries: raw.entries,
      requests: raw.requests.map((r) => ({
        path: r.path,
        method: r.method ?? 'GET',
        host: r.host ?? raw.host,
        from: r.from ?? '127.0.0.1',
        expect: outcome(r.expect),
        ...(r.known === undefined ? {} : { known: outcome(r.known) }),
        ...(r.backend === undefined ? {} : { backend: r.backend }),
        ...(r.note === undefined ? {} : { note: r.note }),
      })),
    };
  });
}

/** Placeholders the changes use: the test root, nginx's own directory, this deployment's port, the back ends. */
export interface Placeholders {
  root: string;
  dir: string;
  port: number;
}

/** The upstream text with its listed changes; a change that no longer applies is an error, not a silent no-op. */
export function applyChanges(text: string, changes: readonly Change[], where: string, values: Placeholders): string {
  let result = text;
  for (const change of changes) {
    if (!result.includes(change.from)) throw new Error(`${where}: the change "${change.from}" does not apply`);
    result = result.replaceAll(change.from, fill(change.to, values));
  }
  return result;
}

export function fill(text: string, values: Placeholders): string {
  return text
    .replaceAll('{{root}}', values.root)
    .replaceAll('{{dir}}', values.dir)
    .replaceAll('{{port}}', String(values.port))
    .replaceAll('{{fastcgi}}', String(FASTCGI_PORT))
    .replaceAll('{{http}}', String(HTTP_BACKEND_PORT));
}
