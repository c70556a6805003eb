import { rmSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { parseManifest } from '../../../src/fs/index.js';
import type { Rule } from '../../../src/engine/rule.js';
import { lintCase, type RuleCase } from '../../../test/helpers/rule-tester.js';
import { nginxMainConfig, startNginx, type NginxResponse, type NginxServer } from '../../../test/helpers/nginx-server.js';
import { makeTempRoot, materializeManifest, removeTree } from '../../../test/helpers/tree.js';

/**
 * Runs an nginx rule case on the real nginx: the case's tree created under a temp dir, the
 * `http { }` block of the case's config with every `root`, `alias` and `from=` path moved there
 * and every `listen 80` moved to a loopback port, under the harness's main config (own pid,
 * error log and temp paths) with the case's `user`.
 *
 * Case configs are written `user NAME;\nevents {}\nhttp {\n...\n}\n`.
 */
export interface ServerCase {
  name: string;
  case: RuleCase;
  /** A loopback port of the nginx rules' range (18400-18499), one per case. */
  port: number;
  path: string;
  host?: string;
  /** Request headers, e.g. a Referer. */
  headers?: Record<string, string>;
  status: number;
  /** forbidlint's cause for what nginx logged: `forbidden-by-rule`, `permission-denied`, ... */
  cause: string | null;
  /** How many findings the rule gives for the case. */
  findings: number;
}

interface CaseServer {
  get(path: string, host?: string, headers?: Record<string, string>): Promise<NginxResponse>;
  stop(): Promise<void>;
}

async function serveCase(testCase: RuleCase, port: number): Promise<CaseServer> {
  const parsed = parseManifest(testCase.tree ?? 'entries: []', 'case tree');
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  for (const [path, content] of Object.entries(testCase.files ?? {})) parsed.tree.entries.push({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, content });
  const root = makeTempRoot('forbidlint-nginx-rule-');
  const state = makeTempRoot('forbidlint-nginx-state-');
  const cleanUp = (): void => {
    removeTree(root);
    rmSync(state, { recursive: true, force: true });
  };
  let server: NginxServer;
  try {
    materializeManifest(parsed.tree, root);
    server = await startNginx({ dir: state, config: rebase(testCase.config, root, state, port), ports: [port] });
  } catch (error) {
    cleanUp();
    throw error;
  }
  return {
    get: (path, host, headers) => server.send({ host: host ?? 'localhost', port, path, ...(headers ? { headers } : {}) }),
    async stop() {
      await server.stop();
      cleanUp();
    },
  };
}

function rebase(config: string, root: string, state: string, port: number): string {
  const user = /^user\s+([^;]+);/m.exec(config)?.[1];
  const http = /^http \{\n([\s\S]*)^\}\s*$/m.exec(config)?.[1];
  if (http === undefined) throw new Error('a server case config needs a top-level "http {" block');
  const body = http
    .replace(/(\b(?:root|alias)\s+["']?|\bfrom=)\//g, `$1${root}/`)
    .replace(/\blisten\s+80\b/g, `listen 127.0.0.1:${port}`);
  return nginxMainConfig(state, { ...(user === undefined ? {} : { user }), http: body });
}

/**
 * One test per case: the rule's findings on the case, then the real nginx's answer to the
 * request the message names. A finding must come with the failure it predicts, and a clean
 * case with the answer it expects.
 */
export function describeAgainstNginx(rule: Rule, cases: readonly ServerCase[]): void {
  const servers: CaseServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.stop();
  });
  describe(`${rule.meta.id} agrees with nginx`, () => {
    test.each(cases)('$name', async ({ case: testCase, port, path, host, headers, status, cause, findings }) => {
      expect(await lintCase(rule, testCase)).toHaveLength(findings);
      const server = await serveCase(testCase, port);
      servers.push(server);
      const response = await server.get(path, host, headers);
      expect({ status: response.status, cause: response.cause }).toEqual({ status, cause });
    });
  });
}
