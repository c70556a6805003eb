import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * The engine owns the interface it needs of a configuration (src/engine/settings.ts) and
 * src/config produces it: an import the other way would make the two one module again.
 */
const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
}

it('no module of src/engine imports from src/config', () => {
  const engine = path.join(SRC, 'engine');
  const files = readdirSync(engine, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(5);
  const crossing = files.flatMap((file) =>
    importsOf(path.join(engine, file))
      .filter((specifier) => specifier.startsWith('.') && path.resolve(engine, path.dirname(file), specifier).startsWith(path.join(SRC, 'config') + path.sep))
      .map((specifier) => `${file}: ${specifier}`),
  );
  expect(crossing).toEqual([]);
});

it('src/config does use the engine types it produces (the scan above reads real imports)', () => {
  expect(importsOf(path.join(SRC, 'config', 'types.ts'))).toContain('../engine/settings.js');
});
