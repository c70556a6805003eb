import * as path from 'node:path';
import { builtinRules } from '../../lint-rules/index.js';
import { openAuditedView, type AuditedFsOptions } from '../session/audited-view.js';
import { CliError } from '../cli/io.js';
import { parseWebUser } from '../cli/lint-options.js';
import { targetFor, toServerPath } from '../session/targets.js';
import { ConfigDiscovery } from '../config/discover.js';
import { ConfigError } from '../config/errors.js';
import type { ResolvedConfig } from '../config/types.js';
import type { LintMessage } from '../engine/events.js';
import { Linter } from '../engine/linter.js';
import { createLintCache, type LintCache } from '../engine/load-target.js';
import type { Rule } from '../engine/rule.js';
import { documentDialect, type FilePatterns } from './document-kind.js';

/**
 * `config`: syntax, configuration and directive rules, nothing but the buffer and its includes.
 * `filesystem`: everything, the walk over the served trees included.
 */
export type LintPhase = 'config' | 'filesystem';

/** An editor buffer at one version. */
export interface DocumentSnapshot {
  uri: string;
  /** Host path of the document. */
  file: string;
  languageId: string;
  version: number;
  text: string;
}

/** What linting a document came to. */
export type DocumentLint =
  /** Not server configuration: nothing to say about it. */
  | { kind: 'ignored' }
  /** The forbidlint configuration or the audited view cannot be used; `message` says why. */
  | { kind: 'unusable'; message: string }
  | LintedDocument;

export interface LintedDocument {
  kind: 'linted';
  messages: LintMessage[];
  rules: ReadonlyMap<string, Rule>;
  /** Where a path of the audited server is for the user: under the project's `root`. */
  toHostPath(serverPath: string): string;
}

export interface DocumentLinterOptions {
  /** The workspace folder: configuration above a document stops being searched here, as for the CLI's working directory. */
  cwd: string;
  /** Patterns the editor's settings add to the ones of `lsp.filePatterns`. */
  clientPatterns: readonly string[];
}

/** Lints editor buffers the way `forbidlint --stdin --stdin-filename FILE` does. */
export class DocumentLinter {
  private discovery: ConfigDiscovery;
  /** Discoveries that never execute a script inside the audited tree, by that tree's root. */
  private guarded = new Map<string, ConfigDiscovery>();
  /** What each open document's last lint parsed and modelled, by URI: most of it is still right after an edit. */
  private readonly caches = new Map<string, LintCache>();

  constructor(private readonly options: DocumentLinterOptions) {
    this.discovery = this.newDiscovery();
  }

  /** A configuration file changed: read them all again on the next lint. */
  reloadConfigs(): void {
    this.discovery = this.newDiscovery();
    this.guarded = new Map();
  }

  /** The document was closed: nothing of it is worth keeping. */
  forget(uri: string): void {
    this.caches.delete(uri);
  }

  /**
   * Lints the buffer, includes read from disk. An abort of `signal` rejects with its reason,
   * at the latest after the walk's next pause, so a superseded filesystem pass stops early.
   */
  async lint(document: DocumentSnapshot, phase: LintPhase, signal?: AbortSignal): Promise<DocumentLint> {
    try {
      const config = await this.discovery.forFile(document.file);
      const configs = config.root === undefined ? this.discovery : this.guardedBy(config.root);
      const dialect = documentDialect(document.file, document.languageId, document.text, this.patternsOf(config));
      if (!dialect) return { kind: 'ignored' };
      const view = await openAuditedView(auditedFsOptions(config, phase), this.options.cwd);
      const linter = new Linter({ configs, view, cache: this.cacheOf(document.uri), ...(config.webUser !== undefined ? { webUser: parseWebUser(config.webUser, `${config.filePath ?? 'configuration'}: webUser`) } : {}) });
      if (signal) linter.hooks.target.tap('lsp-cancellation', (hooks) => hooks.fsEntry.tap('lsp-cancellation', () => signal.throwIfAborted()));
      signal?.throwIfAborted();
      const entry = toServerPath(document.file, this.options.cwd, view.root);
      const toHostPath = (serverPath: string) => (view.root === '/' ? serverPath : path.join(view.root, serverPath));
      const results = await linter.lint([targetFor(view.configFs, entry, { text: document.text, dialect })]);
      const own = results.find((result) => result.filePath === toHostPath(entry));
      return { kind: 'linted', messages: own?.messages ?? [], rules: config.rules, toHostPath };
    } catch (error) {
      if (error instanceof ConfigError || error instanceof CliError) return { kind: 'unusable', message: error.message };
      throw error;
    }
  }

  /**
   * `lsp.filePatterns` of the forbidlint configuration, relative to its directory, and the
   * editor's own patterns, relative to the workspace.
   */
  private patternsOf(config: ResolvedConfig): FilePatterns[] {
    return [
      { baseDir: config.baseDir, patterns: config.lsp?.filePatterns ?? [] },
      { baseDir: this.options.cwd, patterns: this.options.clientPatterns },
    ];
  }

  private cacheOf(uri: string): LintCache {
    let cache = this.caches.get(uri);
    if (!cache) {
      cache = createLintCache();
      this.caches.set(uri, cache);
    }
    return cache;
  }

  /** A `root` named by the configuration guards discovery as `--root` does on the command line. */
  private guardedBy(root: string): ConfigDiscovery {
    let discovery = this.guarded.get(root);
    if (!discovery) {
      discovery = this.newDiscovery(root);
      this.guarded.set(root, discovery);
    }
    return discovery;
  }

  private newDiscovery(auditedRoot?: string): ConfigDiscovery {
    return new ConfigDiscovery({ cwd: this.options.cwd, builtinRules, ...(auditedRoot !== undefined ? { auditedRoot } : {}) });
  }
}

/** The project's `root`, `fsListing` and `fsManifest`, as the CLI takes them without flags; only the filesystem pass reads the tree. */
function auditedFsOptions(config: ResolvedConfig, phase: LintPhase): AuditedFsOptions {
  return {
    fsEnabled: phase === 'filesystem',
    ...(config.root !== undefined ? { root: config.root } : {}),
    ...(config.fsListing !== undefined ? { fsListing: config.fsListing } : {}),
    ...(config.fsManifest !== undefined ? { fsManifest: config.fsManifest } : {}),
  };
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
