import { expect, it } from 'vitest';
import { ResultCollector } from '../../src/engine/results.js';
import type { Finding } from '../../src/engine/events.js';
import type { SourceLocation } from '../../src/parse/ast.js';

const at = (file: string, line: number, column = 1): SourceLocation => ({ file, line, column, endLine: line, endColumn: column + 4 });
const finding = (file: string, line: number, ruleId: string | null, severity: 1 | 2, extra: Partial<Finding> = {}): Finding => ({ ruleId, severity, message: `${ruleId ?? 'tool'} at ${line}`, loc: at(file, line), ...extra });

it('groups by file as the user sees it, sorts, drops duplicates and counts', () => {
  const collector = new ResultCollector((file) => `/mnt/web1${file}`);
  collector.addFiles([{ file: '/etc/nginx/nginx.conf', dialect: 'nginx', kind: 'main', nodes: [], text: 'events {}\n' }, { file: '/etc/nginx/mime.types', dialect: 'nginx', kind: 'included', nodes: [], text: '' }]);
  const related = finding('/etc/nginx/nginx.conf', 9, 'fs/x', 1, {
    path: '/srv/www',
    related: [{ loc: at('/etc/nginx/conf.d/a.conf', 2), message: 'also here' }, { path: '/srv/www', message: '/srv/www on the audited server' }],
  });
  collector.add([finding('/etc/nginx/nginx.conf', 12, 'nginx/b', 2), related, finding('/etc/nginx/nginx.conf', 3, null, 2, { fatal: true }), finding('/etc/nginx/nginx.conf', 12, 'nginx/b', 2)]);
  collector.add([related], [{ finding: finding('/etc/nginx/nginx.conf', 5, 'nginx/c', 2), justification: 'on purpose' }]);
  const results = collector.results();
  expect(results.map((r) => [r.filePath, r.messages.map((m) => `${m.line} ${m.ruleId}`), r.errorCount, r.warningCount, r.fatalErrorCount])).toEqual([
    ['/mnt/web1/etc/nginx/mime.types', [], 0, 0, 0],
    ['/mnt/web1/etc/nginx/nginx.conf', ['3 null', '9 fs/x', '12 nginx/b'], 2, 1, 1],
  ]);
  const nginx = results[1];
  expect(nginx?.source).toBe('events {}\n');
  expect(nginx?.messages[1]?.relatedLocations).toEqual([
    { loc: at('/mnt/web1/etc/nginx/conf.d/a.conf', 2), message: 'also here' },
    { path: '/srv/www', message: '/srv/www on the audited server' },
  ]);
  expect(nginx?.messages[1]?.fsPath).toBe('/srv/www');
  expect(nginx?.suppressedMessages.map((m) => [m.line, m.ruleId, m.suppressions])).toEqual([[5, 'nginx/c', [{ kind: 'directive', justification: 'on purpose' }]]]);
});
