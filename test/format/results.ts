import type { LintResult } from '../../src/engine/events.js';
import { createRule, NO_OPTIONS_SCHEMA, type Rule } from '../../src/engine/rule.js';
import type { FormatterContext } from '../../src/format/types.js';

export const CWD = '/work/project';

const denyAll = createRule({
  meta: {
    id: 'nginx/deny-all',
    type: 'problem',
    docs: { description: 'A `deny all` that answers 403 for everything below it', recommended: 'recommended' },
    messages: { denied: 'deny all' },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
  },
  defaultOptions: {},
  create: () => ({}),
});
const worldWritable = createRule({
  meta: {
    id: 'fs/world-writable',
    type: 'security',
    docs: { description: 'Served files anyone on the host can change' },
    messages: { writable: 'writable' },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'warn',
  },
  defaultOptions: {},
  create: () => ({}),
});

export function context(color = false): FormatterContext {
  return { cwd: CWD, rules: new Map<string, Rule>([denyAll, worldWritable].map((r) => [r.meta.id, r])), color, version: '1.2.3' };
}

const counts = (errors: number, warnings: number, fatal = 0) => ({ errorCount: errors, warningCount: warnings, fatalErrorCount: fatal, fixableErrorCount: 0, fixableWarningCount: 0 });

/** Two problems in one file (one on the filesystem), a parse failure, a clean file and a file outside the working directory. */
export const RESULTS: LintResult[] = [
  {
    filePath: `${CWD}/etc/nginx/nginx.conf`,
    messages: [
      {
        ruleId: 'nginx/deny-all',
        messageId: 'denied',
        severity: 2,
        message: '`deny all` answers 403 for /admin, 100% of requests: "a,b" <c> & \'d\'',
        line: 12,
        column: 5,
        endLine: 12,
        endColumn: 14,
      },
      {
        ruleId: 'fs/world-writable',
        messageId: 'writable',
        severity: 1,
        message: '/srv/www/up is 0777:\nanyone can replace it',
        line: 20,
        column: 3,
        endLine: 20,
        endColumn: 17,
        fsPath: '/srv/www/up',
        suggestions: [{ desc: 'remove write for others', command: 'chmod o-w /srv/www/up' }],
        relatedLocations: [{ path: '/srv/www/up', message: '/srv/www/up on the audited server' }],
      },
    ],
    suppressedMessages: [],
    ...counts(1, 1),
    source: Array.from({ length: 25 }, (_, i) => `line ${i + 1};`).join('\n'),
  },
  {
    filePath: `${CWD}/etc/nginx/sites-enabled/bad site.conf`,
    messages: [{ ruleId: null, severity: 2, fatal: true, message: 'unexpected "}" ]]>', line: 3, column: 1, endLine: 3, endColumn: 2 }],
    suppressedMessages: [],
    ...counts(1, 0, 1),
  },
  { filePath: `${CWD}/etc/nginx/mime.types`, messages: [], suppressedMessages: [], ...counts(0, 0) },
  {
    filePath: '/etc/apache2/apache2.conf',
    messages: [{ ruleId: 'fs/world-writable', severity: 1, message: 'w', line: 1, column: 1, endLine: 1, endColumn: 10 }],
    suppressedMessages: [],
    ...counts(0, 1),
  },
];
