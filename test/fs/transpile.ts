import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/**
 * Writes plain-JS copies of src/fs modules into `dir`, for tests that must run the real code in
 * a separate node process (under strace, or reading its standard input). A node_modules link
 * lets them import their dependencies.
 */
export function transpileFsModules(dir: string, names: readonly string[]): void {
  mkdirSync(dir, { recursive: true });
  const modules = join(dir, 'node_modules');
  if (!existsSync(modules)) symlinkSync(new URL('../../node_modules', import.meta.url).pathname, modules);
  for (const name of names) {
    const source = readFileSync(new URL(`../../src/fs/${name}.ts`, import.meta.url), 'utf8');
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true } });
    writeFileSync(join(dir, `${name}.js`), outputText);
  }
}
