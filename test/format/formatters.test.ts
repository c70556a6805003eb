import { describe, expect, it } from 'vitest';
import type * as Sarif from 'sarif';
import { BUILTIN_FORMATS, loadBuiltinFormatter } from '../../src/format/index.js';
import type { Formatter } from '../../src/format/types.js';
import { context, RESULTS } from './results.js';
import { sarifValidators } from './sarif-schemas.js';

async function format(name: string, color = false): Promise<string> {
  const formatter = (await loadBuiltinFormatter(name)) as Formatter;
  return formatter(RESULTS, context(color));
}

describe('stylish', () => {
  it('groups by file, aligns columns, ends with a summary', async () => {
    expect(await format('stylish')).toBe(
      [
        '',
        'etc/nginx/nginx.conf',
        '  12:5  error    `deny all` answers 403 for /admin, 100% of requests: "a,b" <c> & \'d\'  nginx/deny-all',
        '  20:3  warning  /srv/www/up is 0777: anyone can replace it                            fs/world-writable',
        '',
        'etc/nginx/sites-enabled/bad site.conf',
        '  3:1  error  unexpected "}" ]]>',
        '',
        '/etc/apache2/apache2.conf',
        '  1:1  warning  w  fs/world-writable',
        '',
        '\u2716 4 problems (2 errors, 2 warnings)',
        '',
      ].join('\n'),
    );
  });

  it('colors only when asked', async () => {
    expect(await format('stylish')).not.toContain('\u001b[');
    expect(await format('stylish', true)).toContain('\u001b[31merror  \u001b[39m');
  });

  it('prints nothing for clean results', async () => {
    const formatter = (await loadBuiltinFormatter('stylish')) as Formatter;
    expect(formatter([RESULTS[2] as (typeof RESULTS)[number]], context())).toBe('');
  });
});

describe('compact', () => {
  it('one line per problem', async () => {
    expect(await format('compact')).toBe(
      [
        'etc/nginx/nginx.conf: line 12, col 5, Error - `deny all` answers 403 for /admin, 100% of requests: "a,b" <c> & \'d\' (nginx/deny-all)',
        'etc/nginx/nginx.conf: line 20, col 3, Warning - /srv/www/up is 0777: anyone can replace it (fs/world-writable)',
        'etc/nginx/sites-enabled/bad site.conf: line 3, col 1, Error - unexpected "}" ]]>',
        '/etc/apache2/apache2.conf: line 1, col 1, Warning - w (fs/world-writable)',
        '',
        '4 problems',
        '',
      ].join('\n'),
    );
  });
});

describe('json', () => {
  it('is ESLint’s shape, without the file text', async () => {
    const parsed = JSON.parse(await format('json')) as Record<string, unknown>[];
    expect(parsed.map((r) => Object.keys(r).sort())).toEqual(
      Array(4).fill(['complete', 'errorCount', 'fatalErrorCount', 'filePath', 'fixableErrorCount', 'fixableWarningCount', 'messages', 'suppressedMessages', 'warningCount']),
    );
    expect(parsed.map((r) => r['complete'])).toEqual([true, true, true, true]);
    const formatter = (await loadBuiltinFormatter('json')) as Formatter;
    const partial = JSON.parse(formatter(RESULTS, { ...context(), incomplete: [{ root: '/mnt/web1', reason: 'EIO' }] })) as Record<string, unknown>[];
    expect(partial.map((r) => r['complete'])).toEqual([false, false, false, false]);
    expect(parsed[1]).toMatchObject({ filePath: '/work/project/etc/nginx/sites-enabled/bad site.conf', errorCount: 1, fatalErrorCount: 1, messages: [{ ruleId: null, fatal: true, severity: 2, line: 3, column: 1, endLine: 3, endColumn: 2 }] });
  });
});

describe('github', () => {
  it('writes workflow commands, escaping %, CR, LF in the message and also : and , in properties', async () => {
    expect(await format('github')).toBe(
      [
        '::error file=etc/nginx/nginx.conf,line=12,col=5,endLine=12,endColumn=14,title=nginx/deny-all::`deny all` answers 403 for /admin, 100%25 of requests: "a,b" <c> & \'d\'',
        '::warning file=etc/nginx/nginx.conf,line=20,col=3,endLine=20,endColumn=17,title=fs/world-writable::/srv/www/up is 0777:%0Aanyone can replace it',
        '::error file=etc/nginx/sites-enabled/bad site.conf,line=3,col=1,endLine=3,endColumn=2,title=forbidlint::unexpected "}" ]]>',
        '::warning file=/etc/apache2/apache2.conf,line=1,col=1,endLine=1,endColumn=10,title=fs/world-writable::w',
        '',
      ].join('\n'),
    );
  });
});

describe('checkstyle', () => {
  it('escapes XML in attributes and lists clean files', async () => {
    expect(await format('checkstyle')).toBe(
      '<?xml version="1.0" encoding="utf-8"?><checkstyle version="4.3">' +
        '<file name="/work/project/etc/nginx/nginx.conf">' +
        '<error line="12" column="5" severity="error" message="`deny all` answers 403 for /admin, 100% of requests: &quot;a,b&quot; &lt;c&gt; &amp; &apos;d&apos; (nginx/deny-all)" source="forbidlint.rules.nginx/deny-all" />' +
        '<error line="20" column="3" severity="warning" message="/srv/www/up is 0777:\nanyone can replace it (fs/world-writable)" source="forbidlint.rules.fs/world-writable" />' +
        '</file>' +
        '<file name="/work/project/etc/nginx/sites-enabled/bad site.conf"><error line="3" column="1" severity="error" message="unexpected &quot;}&quot; ]]&gt;" source="forbidlint" /></file>' +
        '<file name="/work/project/etc/nginx/mime.types"></file>' +
        '<file name="/etc/apache2/apache2.conf"><error line="1" column="1" severity="warning" message="w (fs/world-writable)" source="forbidlint.rules.fs/world-writable" /></file>' +
        '</checkstyle>\n',
    );
  });
});

describe('junit', () => {
  it('a suite per file with every count, a case per problem named by rule and place, CDATA split around ]]>', async () => {
    const xml = await format('junit');
    expect(xml).toContain('<testsuites name="forbidlint" tests="5" failures="1" errors="1" skipped="0">');
    expect(xml).toContain('<testsuite package="forbidlint" time="0" tests="2" failures="1" errors="0" skipped="0" name="etc/nginx/nginx.conf">');
    expect(xml).toContain('<testcase time="0" name="nginx/deny-all at 12:5" classname="etc/nginx/nginx.conf"><failure type="error" message=');
    expect(xml).toContain('<testcase time="0" name="fs/world-writable at 20:3" classname="etc/nginx/nginx.conf"><system-out><![CDATA[line 20, col 3, Warning - /srv/www/up is 0777:\nanyone can replace it (fs/world-writable)]]></system-out></testcase>');
    expect(xml).toContain('<testcase time="0" name="invalid-config at 3:1" classname="etc/nginx/sites-enabled/bad site.conf"><error type="invalid-config" message="unexpected &quot;}&quot; ]]&gt;"><![CDATA[line 3, col 1, Error - unexpected "}" ]]]]><![CDATA[>]]></error></testcase>');
    expect(xml).toContain('<testsuite package="forbidlint" time="0" tests="1" failures="0" errors="0" skipped="0" name="etc/nginx/mime.types">\n<testcase time="0" name="forbidlint" classname="etc/nginx/mime.types" />');
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(xml.match(/<testsuite /g)).toHaveLength(4);
    expect(xml.match(/<testsuite [^>]*tests="\d+" failures="\d+" errors="\d+" skipped="\d+"/g)).toHaveLength(4);
  });

  it('fails warnings only past --max-warnings', async () => {
    const formatter = (await loadBuiltinFormatter('junit')) as Formatter;
    const failing = (maxWarnings?: number) => formatter(RESULTS, { ...context(), ...(maxWarnings === undefined ? {} : { maxWarnings }) }).match(/<failure type="warning"/g)?.length ?? 0;
    expect([failing(), failing(-1), failing(2), failing(1), failing(0)]).toEqual([0, 0, 0, 2, 2]);
  });
});

describe('sarif', () => {
  it('validates against the SARIF 2.1.0 schemas', async () => {
    const log = JSON.parse(await format('sarif')) as unknown;
    for (const validator of sarifValidators()) expect([validator.schema, validator.errorsOf(log)]).toEqual([validator.schema, []]);
  });

  it('says a run whose mount failed was not a successful execution, with why, still valid', async () => {
    const formatter = (await loadBuiltinFormatter('sarif')) as Formatter;
    const incomplete = [{ root: '/mnt/web1', reason: 'readdir /var/www failed with ENOTCONN (the mount lost its connection)' }];
    const complete = (JSON.parse(formatter(RESULTS, context())) as Sarif.Log).runs[0]?.invocations?.[0];
    const log = JSON.parse(formatter(RESULTS, { ...context(), incomplete })) as Sarif.Log;
    const invocation = log.runs[0]?.invocations?.[0];
    expect(complete?.executionSuccessful).toBe(true);
    expect(invocation?.executionSuccessful).toBe(false);
    expect(invocation?.toolExecutionNotifications?.[0]).toEqual({
      level: 'error',
      descriptor: { id: 'audit-incomplete' },
      message: { text: 'audit of /mnt/web1 incomplete: readdir /var/www failed with ENOTCONN (the mount lost its connection)' },
    });
    for (const validator of sarifValidators()) expect(validator.errorsOf(log)).toEqual([]);
  });

  it('is checked by schemas that do refuse a malformed log', async () => {
    const log = JSON.parse(await format('sarif')) as Sarif.Log;
    const result = log.runs[0]?.results?.[0] as Sarif.Result;
    (result as { level: string }).level = 'fatal';
    for (const validator of sarifValidators()) expect(validator.errorsOf(log)).not.toEqual([]);
    // Only the standard requires a region to say where it starts.
    result.level = 'error';
    delete result.locations?.[0]?.physicalLocation?.region?.startLine;
    expect(sarifValidators().map((v) => [v.schema, v.errorsOf(log).length > 0])).toEqual([
      ['sarif-2.1.0-rtm.5.json', false],
      ['sarif-schema-2.1.0.json', true],
    ]);
  });

  it('has what GitHub code scanning reads', async () => {
    const log = JSON.parse(await format('sarif')) as Sarif.Log;
    const run = log.runs[0] as Sarif.Run;
    expect(run.tool.driver.rules?.map((r) => [r.id, r.shortDescription?.text, r.defaultConfiguration?.level, r.properties])).toEqual([
      ['forbidlint/invalid-config', 'A configuration the server refuses to load', 'error', { tags: ['correctness'] }],
      ['fs/world-writable', 'Served files anyone on the host can change', 'warning', { tags: ['security'], 'security-severity': '5.0' }],
      ['nginx/deny-all', 'A `deny all` that answers 403 for everything below it', 'error', { tags: ['correctness'], recommended: 'recommended' }],
    ]);
    // The rules' default documentation URL is not published: no helpUri, and no informationUri.
    expect(run.tool.driver.rules?.map((r) => r.helpUri)).toEqual([undefined, undefined, undefined]);
    expect(run.tool.driver.informationUri).toBeUndefined();
    expect(run.results?.map((r) => [r.ruleId, r.ruleIndex, r.level, r.locations?.[0]?.physicalLocation?.artifactLocation?.uri, r.locations?.[0]?.physicalLocation?.region])).toEqual([
      ['nginx/deny-all', 2, 'error', 'etc/nginx/nginx.conf', { startLine: 12, startColumn: 5, endLine: 12, endColumn: 14 }],
      ['fs/world-writable', 1, 'warning', 'etc/nginx/nginx.conf', { startLine: 20, startColumn: 3, endLine: 20, endColumn: 17 }],
      ['forbidlint/invalid-config', 0, 'error', 'etc/nginx/sites-enabled/bad%20site.conf', { startLine: 3, startColumn: 1, endLine: 3, endColumn: 2 }],
      ['fs/world-writable', 1, 'warning', 'file:///etc/apache2/apache2.conf', { startLine: 1, startColumn: 1, endLine: 1, endColumn: 10 }],
    ]);
    expect(run.results?.[1]?.relatedLocations).toEqual([{ id: 0, message: { text: '/srv/www/up on the audited server' }, physicalLocation: { artifactLocation: { uri: 'file:///srv/www/up' } } }]);
    expect(run.results?.every((r) => /^[0-9a-f]{32}$/.test(r.partialFingerprints?.['forbidlint/v1'] ?? ''))).toBe(true);
    expect(run.invocations?.[0]?.toolExecutionNotifications).toEqual([]);
  });

  it('names the rule of a refused configuration as configured, and keeps other tool problems as notifications', async () => {
    const formatter = (await loadBuiltinFormatter('sarif')) as Formatter;
    const toolWarning = { ...(RESULTS[2] as (typeof RESULTS)[number]), messages: [{ ruleId: null, severity: 1 as const, message: 'cannot check file permissions', line: 1, column: 1, endLine: 1, endColumn: 1 }] };
    const run = (JSON.parse(formatter([RESULTS[1] as (typeof RESULTS)[number], toolWarning], { ...context(), fatalRuleId: 'nginx/syntax' })) as Sarif.Log).runs[0] as Sarif.Run;
    expect(run.results?.map((r) => [r.ruleId, r.ruleIndex, r.message.text])).toEqual([['nginx/syntax', 0, 'unexpected "}" ]]>']]);
    expect(run.tool.driver.rules?.map((r) => r.id)).toEqual(['nginx/syntax']);
    expect(run.invocations?.[0]?.toolExecutionNotifications?.map((n) => [n.level, n.message.text, n.descriptor?.id])).toEqual([['warning', 'cannot check file permissions', 'tool-warning']]);
  });

  it('keeps a fingerprint when lines above move', async () => {
    const formatter = (await loadBuiltinFormatter('sarif')) as Formatter;
    const fingerprint = (shift: number) => {
      const first = RESULTS[0] as (typeof RESULTS)[number];
      const moved = { ...first, source: `${'\n'.repeat(shift)}${first.source ?? ''}`, messages: first.messages.map((m) => ({ ...m, line: m.line + shift, endLine: m.endLine + shift })) };
      const log = JSON.parse(formatter([moved], context())) as Sarif.Log;
      return log.runs[0]?.results?.map((r) => r.partialFingerprints?.['forbidlint/v1']);
    };
    expect(fingerprint(3)).toEqual(fingerprint(0));
  });
});

it('every built-in format is deterministic', async () => {
  for (const name of BUILTIN_FORMATS) expect(await format(name)).toBe(await format(name));
});
