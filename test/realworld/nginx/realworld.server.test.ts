import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseManifest } from '../../../src/fs/manifest-fs.js';
import { LiveFs } from '../../../src/fs/live-fs.js';
import { loadUserDb } from '../../../src/fs/users.js';
import { buildNginxModel } from '../../../src/model/nginx/index.js';
import { loadNginxConfig } from '../../../src/parse/nginx/index.js';
import { createNginxSimulator } from '../../../src/simulate/nginx/index.js';
import type { Simulator, Verdict } from '../../../src/simulate/types.js';
import { startFastcgiResponder, type FastcgiResponder } from '../../helpers/fastcgi-responder.js';
import { startNginx, type NginxServer } from '../../helpers/nginx-server.js';
import { makeTempRoot, materializeManifest, removeTree } from '../../helpers/tree.js';
import { applyChanges, FASTCGI_PORT, fill, HTTP_BACKEND_PORT, loadDeployments, REALWORLD_DIR, type Change, type Deployment, type RealworldRequest } from './deployments.js';
import { startHttpResponder, type HttpResponder } from './http-responder.js';
import { judgeLint, lintJson, summary, type AnsweredRequest, type LintedMessage, expectOnlyKnownDifferences } from '../lint-oracle.js';
import { KNOWN_LINT_FALSE_ERRORS, KNOWN_LINT_MISSES } from './known-lint.js';

/**
 * Public applications' own nginx configurations, deployed together in Debian's /etc/nginx
 * (sites-available, sites-enabled symlinks, snippets, conf.d) over trees with the mistakes
 * admins make, served by one real nginx with stand-in back ends. Every request goes to nginx
 * and to the simulator: status and logged cause must agree, and a request nginx passes to
 * FastCGI must reach the script explain names. Differences still known are asserted as they
 * are (`known:`) and listed in fixtures/realworld/nginx/KNOWN-LIMITATIONS.md.
 */

const DEBIAN_DIR = join(REALWORLD_DIR, 'debian');
const DEBIAN_FILES = ['nginx.conf', 'mime.types', 'fastcgi.conf', 'fastcgi_params', 'proxy_params', 'snippets/fastcgi-php.conf'];
const deployments = loadDeployments();
/** A file that receives one JSON line per request (real and simulated answers), to measure agreement. */
const REPORT = process.env['FORBIDLINT_REALWORLD_REPORT'];

let dir = '';
let root = '';
let nginx: NginxServer | undefined;
let fastcgi: FastcgiResponder | undefined;
let backend: HttpResponder | undefined;
let simulator: Simulator;
/** What real nginx answered, for the lint check at the end. */
const answered: AnsweredRequest[] = [];

beforeAll(async () => {
  root = makeTempRoot('forbidlint-realworld-');
  // nginx.conf sits in /etc/nginx, as relative includes (`include fastcgi.conf`) need; the
  // pid, logs and temp files go there too, inside the test root.
  dir = join(root, 'etc/nginx');
  const values = { root, dir, port: 0 };
  const debianChanges = parse(readFileSync(join(DEBIAN_DIR, 'changes.yaml'), 'utf8')) as Record<string, Change[]>;
  const file = (path: string, content: string) => ({ path, type: 'file', content });
  const entries: unknown[] = [
    ...['/etc/nginx/conf.d', '/etc/nginx/modules-enabled', '/etc/nginx/sites-available', '/etc/nginx/sites-enabled', '/etc/nginx/snippets', '/var/www'].map((path) => ({ path, type: 'dir' })),
    ...DEBIAN_FILES.filter((f) => f !== 'nginx.conf').map((f) => file(`/etc/nginx/${f}`, readFileSync(join(DEBIAN_DIR, f), 'utf8'))),
    // An admin's conf.d file: nginx's temp files stay in the test's directory.
    file('/etc/nginx/conf.d/temp-paths.conf', ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};\n`).join('')),
  ];
  for (const deployment of deployments) {
    const filled = { ...values, port: deployment.port };
    for (const upstream of deployment.files) {
      const text = applyChanges(readFileSync(upstream.file, 'utf8'), upstream.changes, upstream.file, filled);
      entries.push(file(`/etc/nginx/${upstream.installAs}`, text));
      // Debian enables a site with a symlink into sites-available.
      if (upstream.enabled) entries.push({ path: `/etc/nginx/sites-enabled/${upstream.enabled}`, type: 'symlink', target: `../${upstream.installAs}` });
    }
    entries.push(...(JSON.parse(fill(JSON.stringify(deployment.entries), filled)) as unknown[]));
  }
  const manifest = parseManifest(stringify({ entries }), 'realworld tree');
  if (!manifest.ok) throw new Error(manifest.errors.join('\n'));
  materializeManifest(manifest.tree, root);
  const mainConfig = applyChanges(readFileSync(join(DEBIAN_DIR, 'nginx.conf'), 'utf8'), debianChanges['nginx.conf'] ?? [], 'debian/nginx.conf', values);
  fastcgi = await startFastcgiResponder(FASTCGI_PORT);
  backend = await startHttpResponder(HTTP_BACKEND_PORT);
  nginx = await startNginx({ dir, config: mainConfig, ports: deployments.map((d) => d.port) });
  const fs = new LiveFs('/');
  const config = loadNginxConfig(nginx.configPath, { fs });
  const model = buildNginxModel(config, { prefix: dir });
  expect(config.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  simulator = createNginxSimulator(model, { fs, users: loadUserDb(fs).users });
});

afterAll(async () => {
  await nginx?.stop();
  await fastcgi?.stop();
  await backend?.stop();
  if (root !== '') removeTree(root);
});

describe.each(deployments)('$app', (deployment) => {
  it.each(deployment.requests.map((request) => ({ title: `${request.method} ${request.host}${request.path}${request.note ? ` (${request.note})` : ''}`, request })))('$title', async ({ request }) => {
    const real = await send(deployment, request);
    const verdict = simulator.explain(toHttpRequest(deployment, request));
    const trace = verdict.trace.map((step) => `${step.step}: ${step.message}${step.line === undefined ? '' : ` (${step.file}:${step.line})`}`).join('\n');
    const scripts = real.scripts.map((s) => s['SCRIPT_FILENAME']);
    if (REPORT) appendFileSync(REPORT, `${JSON.stringify({ app: deployment.app, path: request.path, host: request.host, real: { status: real.status, cause: real.cause, scripts, proxied: real.proxied, log: real.logLines }, explain: { status: verdict.status, cause: verdict.cause, path: verdict.path, proxied: proxiedUri(verdict), uncertain: verdict.uncertain }, trace })}\n`);
    answered.push({ deployment: deployment.name, title: `${request.method} ${request.host}${request.path}`, status: real.status, ...(verdict.decidedBy ? { decidedBy: verdict.decidedBy } : {}), ...(verdict.path === undefined ? {} : { path: verdict.path }) });
    expect({ status: real.status, cause: real.cause }, real.logLines.join('\n')).toEqual(request.expect);
    expect({ status: verdict.status, cause: verdict.cause }, trace).toEqual(request.known ?? request.expect);
    if (request.backend !== undefined) expect(scripts).toEqual([fill(request.backend, { root, dir, port: deployment.port })]);
    // The script PHP-FPM would run is the path explain names.
    if (scripts.length === 1 && request.known === undefined) expect(verdict.path, trace).toBe(scripts[0]);
    // The URI gunicorn or puma would get is the one explain's trace gives proxy_pass.
    if (real.proxied.length === 1 && request.known === undefined) expect(proxiedUri(verdict), trace).toBe(real.proxied[0]);
  });
});

/**
 * Lint on the configuration nginx runs, judged by nginx: each 403 it answered has a finding at
 * the cause, and each error is true (a claimed status is replayed on nginx). What is still
 * missed or false is pinned by name in known-lint.ts, so the lists can only shrink.
 */
it('lint finds the cause of every 403 nginx answers and claims no error nginx does not bear out', async () => {
  expect(answered.length).toBe(deployments.reduce((n, d) => n + d.requests.length, 0));
  const messages = await lintJson((nginx as NginxServer).configPath, dir);
  const verdict = await judgeLint({
    messages,
    requests: answered,
    deployments: deployments.map((d) => d.name),
    ownerOf: (message) => ownerOf(message),
    replay: async (claim) => {
      const url = new URL(claim.url);
      const deployment = deployments.find((d) => d.port === Number(url.port));
      const response = await (nginx as NginxServer).send({ method: claim.method, host: url.host, port: Number(url.port), path: `${url.pathname}${url.search}`, clientIp: claim.clientIp });
      return deployment === undefined ? -1 : response.status;
    },
  });
  console.log(summary('nginx', verdict, answered.length));
  expectOnlyKnownDifferences(verdict, KNOWN_LINT_MISSES, KNOWN_LINT_FALSE_ERRORS);
}, 120_000);

/** The deployment a finding is about: the port of the URL it claims, the site file it is in, or the tree its path is in. */
function ownerOf(message: LintedMessage): string {
  if (message.claim) return deployments.find((d) => d.port === Number(new URL(message.claim?.url ?? '').port))?.name ?? '';
  const byFile = deployments.find((d) => d.files.some((f) => message.file === join(dir, f.installAs) || (f.enabled !== undefined && message.file === join(dir, 'sites-enabled', f.enabled))));
  if (byFile) return byFile.name;
  let best = { name: '', length: 0 };
  for (const d of deployments) {
    for (const entry of d.entries as Array<{ path: string }>) {
      const path = join(root, entry.path);
      if (message.fsPath !== undefined && (message.fsPath === path || message.fsPath.startsWith(`${path}/`)) && path.length > best.length && entry.path.split('/').length > 3) best = { name: d.name, length: path.length };
    }
  }
  return best.name;
}

function proxiedUri(verdict: Verdict): string | undefined {
  const step = verdict.trace.find((s) => s.step === 'content-handler' && s.message.startsWith('proxy_pass '));
  return step && /^proxy_pass \S+ gets (\S+):/.exec(step.message)?.[1];
}

async function send(deployment: Deployment, request: RealworldRequest) {
  fastcgi?.takeReceived();
  backend?.takeReceived();
  const response = await (nginx as NginxServer).send({ method: request.method, host: `${request.host}:${deployment.port}`, port: deployment.port, path: request.path, clientIp: request.from });
  return { ...response, scripts: fastcgi?.takeReceived() ?? [], proxied: backend?.takeReceived() ?? [] };
}

function toHttpRequest(deployment: Deployment, request: RealworldRequest) {
  const [path = '', query = ''] = request.path.split('?', 2);
  return { method: request.method, scheme: 'http' as const, host: request.host, port: deployment.port, path, query, clientIp: request.from };
}

