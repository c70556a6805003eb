import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Node } from '../../../src/parse/ast.js';
import { LiveFs } from '../../../src/fs/live-fs.js';
import { loadApacheConfig, parseApache, printApache, readEnvvars } from '../../../src/parse/apache/index.js';
import { CORPUS_DIR } from '../../helpers/shared-dir.js';

/**
 * "The same AST modulo positions": the same tree of comments and directives, in the same order,
 * with equal comment texts, directive names and lowerNames, argument values, raw texts and
 * quote styles, and sections (nodes with children) in the same places. Locations (`loc`,
 * `nameLoc`, argument `loc`) are left out: printing re-indents and re-flows lines.
 */
type Shape = string | { name: string; lowerName: string; args: [string, string, string][]; children?: Shape[] };

function shape(nodes: readonly Node[]): Shape[] {
  return nodes.map((node) =>
    node.type === 'comment'
      ? `#${node.text}`
      : {
          name: node.name,
          lowerName: node.lowerName,
          args: node.args.map((a) => [a.value, a.raw, a.quote] as [string, string, string]),
          ...(node.children ? { children: shape(node.children) } : {}),
        },
  );
}

/** Text made of the pieces that matter to httpd's reader, so random input hits every rule. */
const configPiece = fc.constantFrom(
  '<', '>', '</', '"', "'", '\\', '\\\\', '\n', '\r\n', ' ', '\t', '#', '${X}', 'a', 'B', 'é', '𝄞',
  'Directory', 'IfModule', 'Listen', '<Directory /x>', '</Directory>', '<IfModule a>', '</IfModule>', '\f', '\0',
);
const configText = fc.array(configPiece, { maxLength: 80 }).map((pieces) => pieces.join(''));

const corpusFiles = [
  `${CORPUS_DIR}/apache/debian/apache2.conf`,
  `${CORPUS_DIR}/apache/h5bp/httpd.conf`,
  `${CORPUS_DIR}/apache/certbot-testdata/complex_parsing/test_variables.conf`,
].map((file) => readFileSync(file, 'utf8'));

/** A corpus file with a few characters inserted, deleted or replaced. */
const mutatedCorpus = fc
  .tuple(
    fc.constantFrom(...corpusFiles),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.oneof(configPiece, fc.string({ maxLength: 3 }))), { minLength: 1, maxLength: 12 }),
  )
  .map(([text, edits]) => {
    let out = text;
    for (const [at, remove, insert] of edits) {
      const pos = at % (out.length + 1);
      out = out.slice(0, pos) + insert + out.slice(pos + remove);
    }
    return out;
  });

describe('properties', () => {
  test('random text and bytes never throw', () => {
    fc.assert(
      fc.property(fc.oneof(configText, fc.string({ unit: 'binary', maxLength: 200 })), (text) => {
        parseApache(text, 'f');
        readEnvvars(text);
      }),
      { numRuns: 1000 },
    );
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => void parseApache(Buffer.from(bytes), 'f')), { numRuns: 500 });
  });

  test('mutated real configs never throw and every diagnostic points inside the file', () => {
    fc.assert(
      fc.property(mutatedCorpus, (text) => {
        const { diagnostics } = parseApache(text, 'f');
        const lines = text.split('\n').length;
        for (const d of diagnostics) {
          expect(d.loc.line).toBeGreaterThanOrEqual(1);
          expect(d.loc.endLine).toBeLessThanOrEqual(lines);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('loading mutated configs with includes, conditions and variables never throws', () => {
    const root = mkdtempSync(join(tmpdir(), 'forbidlint-apache-prop-'));
    try {
      mkdirSync(join(root, 'etc/apache2/conf.d'), { recursive: true });
      writeFileSync(join(root, 'etc/apache2/conf.d/a.conf'), 'Include ../apache2.conf\n<IfFile [>\n');
      const fs = new LiveFs(root);
      const includes = fc.constantFrom('Include conf.d/*.conf', 'IncludeOptional [*/[!', '<IfVersion ~ (>', '<IfVersion >= x>', '${', 'Define ${X} \\', 'UnDefine', '</IfModule>', '<IfDirective !>');
      fc.assert(
        fc.property(mutatedCorpus, fc.array(includes, { maxLength: 4 }), (text, extra) => {
          writeFileSync(join(root, 'etc/apache2/apache2.conf'), `${extra.join('\n')}\n${text}`);
          loadApacheConfig('/etc/apache2/apache2.conf', { fs, defines: ['X'] });
        }),
        { numRuns: 100 },
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('print then parse gives the same AST modulo positions', () => {
    fc.assert(
      fc.property(fc.oneof(configText, mutatedCorpus, fc.string({ maxLength: 120 })), (text) => {
        const first = parseApache(text, 'f').nodes;
        const printed = printApache(first);
        const second = parseApache(printed, 'f');
        expect(shape(second.nodes)).toEqual(shape(first));
        // What the printer writes is always well-formed.
        expect(second.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'binary-content')).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  test('printing is stable: a printed config prints to itself', () => {
    fc.assert(
      fc.property(fc.oneof(configText, mutatedCorpus), (text) => {
        const printed = printApache(parseApache(text, 'f').nodes);
        expect(printApache(parseApache(printed, 'f').nodes)).toBe(printed);
      }),
      { numRuns: 300 },
    );
  });
});
