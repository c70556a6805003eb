import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LiveFs } from '../../src/fs/live-fs.js';
import { createUserDb } from '../../src/fs/users.js';
import { walkTrees } from '../../src/fs/walk.js';
import { loadNginxConfig } from '../../src/parse/nginx/index.js';
import { loadApacheConfig } from '../../src/parse/apache/index.js';
import { buildNginxModel } from '../../src/model/nginx/index.js';
import { buildApacheModel } from '../../src/model/apache/index.js';
import { createLinterHooks } from '../../src/engine/hooks.js';
import { lintTarget, type TreeWalker } from '../../src/engine/lint-target.js';
import { createRule, NO_OPTIONS_SCHEMA } from '../../src/engine/rule.js';
import type { ConfigModel } from '../../src/engine/events.js';
import type { ParsedConfig } from '../../src/parse/ast.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { lintConfigOf } from '../../src/config/rule-config.js';
import { configWith } from './lint-text.js';
import { createOrderProbe, flagDirective } from './example-rules.js';

let dir: string;
const fs = new LiveFs('/');
const walk: TreeWalker = async (root, onEntry, onDiagnostic) => {
  await walkTrees(fs, [root], { onEntry, onDiagnostic });
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'forbidlint-hooks-'));
  mkdirSync(path.join(dir, 'site/private'), { recursive: true });
  mkdirSync(path.join(dir, 'conf.d'));
  writeFileSync(path.join(dir, 'site/index.html'), 'hi');
  writeFileSync(path.join(dir, 'site/private/secret.html'), 'no');
  chmodSync(path.join(dir, 'site/private/secret.html'), 0o600);
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `events {}\nhttp {\n  include ${dir}/conf.d/*.conf;\n  server {\n    server_name main.test;\n    root ${dir}/site;\n    location / { autoindex on; }\n  }\n}\n`,
  );
  writeFileSync(path.join(dir, 'conf.d/extra.conf'), 'server {\n  server_name extra.test;\n  autoindex on;\n}\n');
  writeFileSync(
    path.join(dir, 'apache2.conf'),
    `DocumentRoot ${dir}/site\n<Directory ${dir}/site>\n  Require all granted\n</Directory>\n<IfModule mod_nonexistent.c>\n  Require all denied\n</IfModule>\n`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(parsed: ParsedConfig, model: ConfigModel | undefined, config: ResolvedConfig, hooks = createLinterHooks()) {
  return lintTarget(
    {
      target: { dialect: parsed.dialect, entry: parsed.entry, kind: 'main' },
      parsed,
      config: lintConfigOf(config),
      settings: { root: '/', fsEnabled: true },
      fs,
      users: createUserDb([], []),
      ...(model ? { model } : {}),
      walk,
      reportUnusedDisableDirectives: 0,
    },
    hooks,
  );
}

function nginx() {
  const parsed = loadNginxConfig(path.join(dir, 'nginx.conf'), { fs });
  return { parsed, model: buildNginxModel(parsed) };
}

describe('hook order', () => {
  it('nginx: files, then directives in reading order with parents, then servers, fs entries, finish', async () => {
    const events: string[] = [];
    const probe = createOrderProbe(events);
    const { parsed, model } = nginx();
    await run(parsed, model, configWith([probe], { [probe.meta.id]: { severity: 1 } }));
    const relative = events.map((e) => e.replaceAll(dir, '<dir>'));
    expect(relative).toEqual([
      'file <dir>/nginx.conf',
      'file <dir>/conf.d/extra.conf',
      'any events',
      'any http',
      'any server',
      'any server_name',
      'any autoindex',
      'any server',
      'any server_name',
      'any root',
      'root in http>server',
      'any location',
      'any autoindex',
      'server extra.test',
      'server main.test',
      'fs <dir>/site',
      'fs <dir>/site/index.html',
      'fs <dir>/site/private',
      'fs <dir>/site/private/secret.html',
      'finish',
    ]);
  });

  it('Apache: sections by lowercase name, directives by lowercase name, inactive sections skipped', async () => {
    const events: string[] = [];
    const probe = createOrderProbe(events);
    const parsed = loadApacheConfig(path.join(dir, 'apache2.conf'), { fs });
    await run(parsed, buildApacheModel(parsed), configWith([probe], { [probe.meta.id]: { severity: 1 } }));
    expect(events.filter((e) => !e.startsWith('fs ')).map((e) => e.replaceAll(dir, '<dir>'))).toEqual([
      'file <dir>/apache2.conf',
      'any documentroot',
      'any directory',
      'section <dir>/site',
      'any require',
      'require all granted',
      'server (main)',
      'finish',
    ]);
  });
});

const modeRule = createRule({
  meta: {
    id: 'test/private-file',
    type: 'problem',
    docs: { description: 'Reports files the world cannot read' },
    messages: { unreadable: '{{path}} is not world-readable' },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
  },
  defaultOptions: {},
  create: (context) => ({
    fsEntry({ entry }) {
      if (entry.stat.type === 'file' && (entry.stat.mode & 0o004) === 0) {
        context.report({ path: entry.path, messageId: 'unreadable', data: { path: entry.path }, suggest: [{ desc: 'make it readable', command: `chmod o+r ${entry.path}` }] });
      }
    },
  }),
});

describe('filesystem findings', () => {
  it('are anchored at the directive serving the path, with the path as a related location', async () => {
    const { parsed, model } = nginx();
    const outcome = await run(parsed, model, configWith([modeRule], { 'test/private-file': { severity: 2 } }));
    const secret = `${dir}/site/private/secret.html`;
    expect(outcome.findings).toEqual([
      {
        ruleId: 'test/private-file',
        messageId: 'unreadable',
        severity: 2,
        message: `${secret} is not world-readable`,
        loc: { file: `${dir}/nginx.conf`, line: 6, column: 5, endLine: 6, endColumn: 16 + dir.length },
        path: secret,
        suggestions: [{ desc: 'make it readable', command: `chmod o+r ${secret}` }],
        related: [{ path: secret, message: `${secret} on the audited server` }],
      },
    ]);
  });
});

describe('served trees', () => {
  it('a tree nested in another is walked once, each entry going with the deepest tree that holds it', async () => {
    writeFileSync(path.join(dir, 'nested.conf'), `events {}\nhttp {\n  server {\n    root ${dir}/site;\n    location /p/ { alias ${dir}/site/private/; }\n  }\n}\n`);
    const parsed = loadNginxConfig(path.join(dir, 'nested.conf'), { fs });
    const model = buildNginxModel(parsed);
    const seen: string[] = [];
    const recorder = createRule({
      meta: { id: 'test/trees', type: 'suggestion', docs: { description: 'records trees' }, messages: { m: 'm' }, schema: NO_OPTIONS_SCHEMA, defaultSeverity: 'warn' },
      defaultOptions: {},
      create: () => ({ fsEntry: ({ entry, tree }) => seen.push(`${path.relative(dir, entry.path)} ${tree.directive.name}`) }),
    });
    await run(parsed, model, configWith([recorder], { 'test/trees': { severity: 1 } }));
    expect(model.servers[0]?.trees.map((t) => t.directive.name).sort()).toEqual(['alias', 'root']);
    expect(seen).toEqual(['site root', 'site/index.html root', 'site/private alias', 'site/private/secret.html alias']);
  });
});

describe('per-file severity', () => {
  it('overrides match files relative to the config directory; a later override wins', async () => {
    const { parsed, model } = nginx();
    const base = configWith([flagDirective], { 'test/flag-directive': { severity: 2 } }, [], dir);
    const lines = async (config: ResolvedConfig) => (await run(parsed, model, config)).findings.map((f) => `${path.relative(dir, f.loc.file)}:${f.loc.line} ${f.severity}`);
    expect(await lines(base)).toEqual(['nginx.conf:7 2', 'conf.d/extra.conf:3 2']);
    expect(await lines({ ...base, overrides: [{ files: ['conf.d/**'], ruleConfigs: { 'test/flag-directive': { severity: 0 } } }] })).toEqual(['nginx.conf:7 2']);
    expect(
      await lines({
        ...base,
        overrides: [
          { files: ['*.conf'], ruleConfigs: { 'test/flag-directive': { severity: 1 } } },
          { files: ['nginx.conf'], ruleConfigs: { 'test/flag-directive': { severity: 0 } } },
        ],
      }),
    ).toEqual(['conf.d/extra.conf:3 1']);
  });
});

describe('the report hook', () => {
  it('lets a plugin change a finding or drop it by returning null', async () => {
    const hooks = createLinterHooks();
    hooks.report.tap('downgrade', (finding) => (finding ? { ...finding, severity: 1, message: `${finding.message} (reviewed)` } : finding));
    hooks.report.tap('drop-includes', (finding) => (finding?.loc.file.includes('/conf.d/') ? null : finding));
    const { parsed, model } = nginx();
    const outcome = await run(parsed, model, configWith([flagDirective], { 'test/flag-directive': { severity: 2 } }), hooks);
    expect(outcome.findings.map((f) => `${f.loc.line} ${f.severity} ${f.message}`)).toEqual(['7 1 autoindex found (reviewed)']);
  });

  it('announces each target with its own hooks, which plugins tap like rules', async () => {
    const hooks = createLinterHooks();
    const seen: string[] = [];
    hooks.target.tap('plugin', (targetHooks, target) => {
      seen.push(`target ${path.basename(target.entry)}`);
      targetHooks.nginxDirective.for('server_name').tap('plugin', (d) => seen.push(`server_name ${d.args[0]?.value}`));
    });
    const { parsed, model } = nginx();
    await run(parsed, model, configWith([], {}), hooks);
    expect(seen).toEqual(['target nginx.conf', 'server_name extra.test', 'server_name main.test']);
  });
});

describe('rule errors', () => {
  it('a listener on an unknown selector is a bug reported with the rule id', async () => {
    const broken = createRule({
      meta: { id: 'test/broken', type: 'problem', docs: { description: 'x' }, messages: { m: 'm' }, schema: NO_OPTIONS_SCHEMA, defaultSeverity: 'error' },
      defaultOptions: {},
      create: () => ({ onServer: () => undefined }) as never,
    });
    const { parsed, model } = nginx();
    await expect(run(parsed, model, configWith([broken], { 'test/broken': { severity: 2 } }))).rejects.toThrow('rule test/broken listens to unknown selector(s): onServer');
  });

  it('a listener that throws names its rule', async () => {
    const throwing = createRule({
      meta: { id: 'test/throws', type: 'problem', docs: { description: 'x' }, messages: { m: 'm' }, schema: NO_OPTIONS_SCHEMA, defaultSeverity: 'error' },
      defaultOptions: {},
      create: () => ({
        'nginx:root'() {
          throw new Error('boom');
        },
      }),
    });
    const { parsed, model } = nginx();
    await expect(run(parsed, model, configWith([throwing], { 'test/throws': { severity: 2 } }))).rejects.toThrow('rule test/throws failed: boom');
  });
});
