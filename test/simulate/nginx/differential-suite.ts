import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveFs } from '../../../src/fs/live-fs.js';
import { loadUserDb } from '../../../src/fs/users.js';
import { buildNginxModel } from '../../../src/model/nginx/index.js';
import { loadNginxConfig } from '../../../src/parse/nginx/index.js';
import { createNginxSimulator } from '../../../src/simulate/nginx/index.js';
import type { HttpRequest, Simulator } from '../../../src/simulate/types.js';
import { nginxMainConfig, startNginx, type NginxServer } from '../../helpers/nginx-server.js';
import { makeTempRoot, materializeManifest, removeTree } from '../../helpers/tree.js';
import type { Outcome, ScenarioFile, ScenarioRequest } from './scenarios.js';

/**
 * Every scenario request goes to real nginx and to the simulator: status and cause must agree,
 * and real nginx must still answer what the scenario was written to cover. One nginx process
 * per scenario file, one port per scenario. Used by differential.test.ts and rewrite-module.server.test.ts.
 */

/** One real nginx per scenario file, and every request to it and to the simulator. */
export function describeDifferential(files: readonly ScenarioFile[]): void {
  describe.each(files)('$file', (file) => {
    let dir = '';
    let root = '';
    let nginx: NginxServer | undefined;
    let simulator: Simulator;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'forbidlint-nginx-'));
      root = makeTempRoot('forbidlint-tree-');
      materializeManifest(file.tree, root);
      const servers = file.scenarios.map((s) => s.config(root)).join('\n');
      const mainConfig = nginxMainConfig(dir, { ...(file.user === undefined ? {} : { user: file.user }), http: `${file.http(root)}\n${servers}` });
      nginx = await startNginx({ dir, config: mainConfig, ports: file.scenarios.map((s) => s.port) });
      const fs = new LiveFs('/');
      const config = loadNginxConfig(nginx.configPath, { fs });
      const model = buildNginxModel(config, { prefix: dir });
      expect([...config.diagnostics, ...model.diagnostics].map((d) => `${d.loc.line}: ${d.message}`)).toEqual([]);
      simulator = createNginxSimulator(model, { fs, users: loadUserDb(fs).users });
    });

    afterAll(async () => {
      await nginx?.stop();
      rmSync(dir, { recursive: true, force: true });
      if (root !== '') removeTree(root);
    });

    const cases = file.scenarios.flatMap((scenario) =>
      scenario.requests.map((request) => ({ title: `${scenario.name}: ${request.method} ${request.host}${request.path} from ${request.from}`, port: scenario.port, request })),
    );
    it.each(cases)('$title', async ({ port, request }) => {
      const real = await send(nginx as NginxServer, port, request);
      const simulated = simulate(simulator, port, request);
      expect({ status: real.status, cause: real.cause }, real.logLines.join('\n')).toEqual(request.expect);
      expect(simulated, describeTrace(simulator, port, request)).toEqual(request.known ?? { status: real.status, cause: real.cause });
    });
  });
}

async function send(nginx: NginxServer, port: number, request: ScenarioRequest): Promise<Outcome & { logLines: string[] }> {
  const response = await nginx.send({
    method: request.method,
    host: request.host,
    port,
    path: request.path,
    clientIp: request.from,
    serverIp: request.to,
    ...(request.auth ? { headers: { Authorization: `Basic ${Buffer.from('user:password').toString('base64')}` } } : {}),
  });
  return { status: response.status, cause: response.cause, logLines: response.logLines };
}

function simulate(simulator: Simulator, port: number, request: ScenarioRequest): Outcome {
  const verdict = simulator.explain(toHttpRequest(port, request));
  return { status: verdict.status, cause: verdict.cause };
}

/** The simulator's reasoning, one line per step, for the failure message. */
function describeTrace(simulator: Simulator, port: number, request: ScenarioRequest): string {
  return simulator
    .explain(toHttpRequest(port, request))
    .trace.map((step) => `${step.step}: ${step.message}${step.line === undefined ? '' : ` (line ${step.line})`}`)
    .join('\n');
}

function toHttpRequest(port: number, request: ScenarioRequest): HttpRequest {
  const host = request.host.replace(/:\d+$/, '');
  // Sent to an address of its own, the Host header names the site on that address's sockets.
  const headers = {
    ...(request.to !== undefined && request.to !== host ? { Host: request.host } : {}),
    ...(request.auth ? { Authorization: `Basic ${Buffer.from('user:password').toString('base64')}` } : {}),
  };
  return {
    method: request.method,
    scheme: 'http' as const,
    host: request.to ?? host,
    port,
    path: request.path.replace(/\?.*$/, ''),
    query: request.path.includes('?') ? request.path.replace(/^[^?]*\?/, '') : '',
    clientIp: request.from,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
  };
}
