import { rmSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { parseManifest } from '../../../src/fs/index.js';
import type { Rule } from '../../../src/engine/rule.js';
import { lintCase, type RuleCase } from '../../../test/helpers/rule-tester.js';
import { startApache, type ApacheResponse, type ApacheServer } from '../../../test/helpers/apache-server.js';
import { makeTempRoot, materializeManifest, removeTree } from '../../../test/helpers/tree.js';
import { INCLUDE_MODULES, MODULES_CONF } from './test-fixtures.js';

/**
 * Runs a rule case on a real httpd: the case's tree (and its non-config files, such as
 * .htaccess) created for real under a temp dir, the case's config with every tree path moved
 * there, listening on one loopback port. The modules come from the harness's preamble, which
 * loads the list the case's modules.conf names (the default list when the case has none).
 */
export interface CaseServer {
  root: string;
  get(path: string, method?: string): Promise<ApacheResponse>;
  stop(): Promise<void>;
}

export async function serveCase(testCase: RuleCase, port: number): Promise<CaseServer> {
  const parsed = parseManifest(testCase.tree ?? 'entries: []', 'case tree');
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const tree = parsed.tree;
  for (const [path, content] of Object.entries(testCase.files ?? {})) {
    if (path === MODULES_CONF) continue;
    const existing = tree.entries.find((e) => e.path === path);
    if (existing) existing.content = content;
    else tree.entries.push({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, content });
  }
  const root = makeTempRoot('forbidlint-apache-rule-');
  const state = makeTempRoot('forbidlint-apache-state-');
  let server: ApacheServer | undefined;
  try {
    materializeManifest(tree, root);
    const tops = [...new Set(tree.entries.map((e) => e.path.split('/')[1]).filter((t): t is string => !!t))];
    // The modules the case's modules.conf names, so a case without mod_rewrite runs without it.
    const listed = testCase.files?.[MODULES_CONF];
    const modules = listed === undefined ? undefined : [...listed.matchAll(/^LoadModule (\w+)_module /gm)].map((m) => m[1] as string);
    server = await startApache({ dir: state, body: rebase(testCase.config, root, tops, port), ports: [port], ...(modules ? { modules } : {}) });
  } catch (error) {
    removeTree(root);
    rmSync(state, { recursive: true, force: true });
    throw error;
  }
  const running = server;
  return {
    root,
    get: (path, method) => running.send({ host: 'localhost', port, path, ...(method ? { method } : {}) }),
    async stop() {
      await running.stop();
      removeTree(root);
      rmSync(state, { recursive: true, force: true });
    },
  };
}

/** The case's config as the real server reads it: tree paths under `root`, vhosts on `port`. */
function rebase(config: string, root: string, tops: readonly string[], port: number): string {
  let body = config.replace(INCLUDE_MODULES, '');
  for (const top of tops) body = body.replace(new RegExp(`(^|[\\s"'])/${top}(?=[/\\s"'>]|$)`, 'gm'), `$1${root}/${top}`);
  return `Listen 127.0.0.1:${port}\n${body.replace(/<VirtualHost \*:80>/g, `<VirtualHost 127.0.0.1:${port}>`)}`;
}

export interface ServerCase {
  name: string;
  case: RuleCase;
  /** A loopback port of the Apache rules' range (18500-18599), one per case. */
  port: number;
  path: string;
  /** GET unless said otherwise. */
  method?: string;
  status: number;
  /** The first AH code httpd logs for the request, or null. */
  cause: string | null;
  /** How many findings the rule gives for the case. */
  findings: number;
}

/**
 * One test per case: the rule's findings on the case, then the real httpd's answer to the
 * request the message names. A finding must come with the failure it predicts and a clean
 * case with a served page.
 */
export function describeAgainstHttpd(rule: Rule, cases: readonly ServerCase[]): void {
  const servers: CaseServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.stop();
  });
  describe(`${rule.meta.id} agrees with httpd`, () => {
    test.each(cases)('$name', async ({ case: testCase, port, path, method, status, cause, findings }) => {
      expect(await lintCase(rule, testCase)).toHaveLength(findings);
      const server = await serveCase(testCase, port);
      servers.push(server);
      const response = await server.get(path, method);
      expect({ status: response.status, cause: response.cause }).toEqual({ status, cause });
    });
  });
}
