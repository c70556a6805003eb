import type { Directive } from '../../parse/ast.js';
import { pcreRegex } from '../../regex/pcre.js';
import { activeDirectives } from './directives.js';
import { configRegex } from '../../regex/config-regex.js';

/** The per-directory containers httpd merges, in the order of its request walks. */
export type SectionKind = 'directory' | 'files' | 'location' | 'if';

export interface ApacheSection {
  kind: SectionKind;
  /** The pattern as written, without the `~` of `<Directory ~ ...>`. */
  pattern: string;
  /** Present for `<DirectoryMatch>`, `<FilesMatch>`, `<LocationMatch>` and the `~` forms. */
  regex?: RegExp;
  /** `<Directory>` only: path components, the key httpd sorts directory sections by. */
  components: number;
  block: Directive;
  /** The section's own directives, conditionals resolved, nested sections excluded. */
  directives: Directive[];
  /** `<Files>`/`<FilesMatch>` (and `<If>`) written inside this section. */
  nested: ApacheSection[];
  /** For `kind: 'if'`: whether it opens a chain or continues the `<If>` before it. */
  branch?: 'if' | 'elseif' | 'else';
}

const SECTION_KINDS: Record<string, { kind: SectionKind; regex: boolean }> = {
  directory: { kind: 'directory', regex: false },
  directorymatch: { kind: 'directory', regex: true },
  files: { kind: 'files', regex: false },
  filesmatch: { kind: 'files', regex: true },
  location: { kind: 'location', regex: false },
  locationmatch: { kind: 'location', regex: true },
  if: { kind: 'if', regex: false },
  elseif: { kind: 'if', regex: false },
  else: { kind: 'if', regex: false },
};

export function isMergedSection(directive: Directive): boolean {
  return directive.lowerName in SECTION_KINDS;
}

/** A section directive turned into its matcher, or an error message for a bad regex. */
export function toSection(block: Directive): { ok: true; section: ApacheSection } | { ok: false; message: string } {
  const shape = SECTION_KINDS[block.lowerName];
  if (!shape) return { ok: false, message: `<${block.name}> is not a per-directory section` };
  const args = block.args.map((a) => a.value);
  const tilde = args[0] === '~';
  const pattern = (tilde ? args[1] : args.join(' ')) ?? '';
  let regex: RegExp | undefined;
  if (shape.regex || tilde) {
    try {
      regex = pcreRegex(pattern);
    } catch (error) {
      return { ok: false, message: `Regular expression could not be compiled: ${(error as Error).message}` };
    }
  }
  const directives: Directive[] = [];
  const nested: ApacheSection[] = [];
  for (const d of activeDirectives(block.children ?? [])) {
    if (isMergedSection(d)) {
      const inner = toSection(d);
      if (inner.ok) nested.push(inner.section);
    } else {
      directives.push(d);
    }
  }
  const components = shape.kind === 'directory' && !regex ? directoryComponents(pattern) : 0;
  const branch = shape.kind === 'if' ? { branch: block.lowerName as 'if' | 'elseif' | 'else' } : {};
  return { ok: true, section: { kind: shape.kind, pattern, ...(regex ? { regex } : {}), components, block, directives, nested, ...branch } };
}

/** `/` has 0 components, `/srv/www` has 2, as httpd's ap_count_dirs on the normalised path. */
export function directoryComponents(path: string): number {
  return path.split('/').filter((p) => p !== '').length;
}

/**
 * httpd's merge order (core's reorder_directories and the walks in request.c): plain
 * `<Directory>` sections shortest path first, stable in config order for equal lengths (so a
 * vhost's section follows the main server's for the same path); then regex directory
 * sections; then `<Files>`, `<Location>` and `<If>` each in config order.
 */
export function sortSections(sections: readonly ApacheSection[]): ApacheSection[] {
  const rank = (s: ApacheSection): number =>
    s.kind === 'directory' ? (s.regex ? 1 : 0) : s.kind === 'files' ? 2 : s.kind === 'location' ? 3 : 4;
  return sections
    .map((section, index) => ({ section, index }))
    .sort((a, b) => rank(a.section) - rank(b.section) || plainDirectoryOrder(a.section, b.section) || a.index - b.index)
    .map((e) => e.section);
}

function plainDirectoryOrder(a: ApacheSection, b: ApacheSection): number {
  return a.kind === 'directory' && !a.regex && b.kind === 'directory' && !b.regex ? a.components - b.components : 0;
}
