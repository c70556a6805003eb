import { ConfigError } from '../config/errors.js';
import type { ResolvedConfig } from '../config/types.js';
import type { LintMessage, LintTarget } from '../engine/events.js';
import { createLintCache, type LintCache } from '../engine/load-target.js';
import type { Rule } from '../engine/rule.js';
import { LintSession } from '../session/lint-session.js';
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
  /** The findings in the document. */
  messages: LintMessage[];
  /** The findings in the other files of its configuration, by host path (an included site, the main file). */
  others: ReadonlyMap<string, LintMessage[]>;
  /** The context assumed for a document no main configuration reads, in words. */
  assumed?: string;
  rules: ReadonlyMap<string, Rule>;
  /** Where a path of the audited server is for the user: under the project's `root`. */
  toHostPath(serverPath: string): string;
}

export interface DocumentLinterOptions {
  /** The workspace folder: configuration above a document stops being searched here, as for the CLI's working directory. */
  cwd: string;
  /** Patterns the editor's settings add to the ones of `lsp.filePatterns`. */
  clientPatterns: readonly string[];
  /** The texts of every open document, by host path: what the configuration is read from where they differ from disk. */
  openBuffers?: () => ReadonlyMap<string, string>;
}

/**
 * Lints editor buffers through the session the command line uses: the project's configuration
 * (the workspace's own, so `root` never comes from an rc file next to an audited document),
 * the main configuration that reads the document (every file of it reported), or the context
 * assumed for a lone file.
 */
export class DocumentLinter {
  private session: Promise<LintSession> | undefined;
  /** What each open document's last lint parsed and modelled, by URI: most of it is still right after an edit. */
  private readonly caches = new Map<string, LintCache>();
  /** The main configuration each open document was last linted through, by URI. */
  private readonly owners = new Map<string, Map<string, LintTarget>>();

  constructor(private readonly options: DocumentLinterOptions) {}

  /** A configuration file changed: read them all again on the next lint. */
  reloadConfigs(): void {
    this.session = undefined;
  }

  /** The document was closed: nothing of it is worth keeping. */
  forget(uri: string): void {
    this.caches.delete(uri);
    this.owners.delete(uri);
  }

  /**
   * Lints the buffer, includes read from disk or from the other open buffers. An abort of
   * `signal` rejects with its reason, at the latest after the walk's next pause, so a
   * superseded filesystem pass stops early.
   */
  async lint(document: DocumentSnapshot, phase: LintPhase, signal?: AbortSignal): Promise<DocumentLint> {
    try {
      this.session ??= LintSession.open({ cwd: this.options.cwd, fsEnabled: true });
      const session = await this.session.catch((error: unknown) => {
        this.session = undefined;
        throw error;
      });
      const config = await session.configs.forFile(document.file);
      const dialect = documentDialect(document.file, document.languageId, document.text, this.patternsOf(config));
      if (!dialect) return { kind: 'ignored' };
      const buffers = new Map(this.options.openBuffers?.() ?? []);
      buffers.set(document.file, document.text);
      signal?.throwIfAborted();
      const outcome = await session.lint(
        { buffers, lint: document.file, dialect },
        {
          fsEnabled: phase === 'filesystem',
          wholeConfiguration: true,
          cache: this.cacheOf(document.uri),
          owners: this.ownersOf(document.uri),
          ...(signal ? { onLinter: (linter) => linter.hooks.target.tap('lsp-cancellation', (hooks) => hooks.fsEntry.tap('lsp-cancellation', () => signal.throwIfAborted())) } : {}),
        },
      );
      const others = new Map<string, LintMessage[]>();
      let messages: LintMessage[] = [];
      for (const result of outcome.results) {
        if (result.filePath === document.file) messages = result.messages;
        else if (result.messages.length > 0) others.set(result.filePath, result.messages);
      }
      const assumed = outcome.notes.find((note) => note.file === document.file)?.description;
      return { kind: 'linted', messages, others, rules: outcome.rules, toHostPath: outcome.toHostPath, ...(assumed !== undefined ? { assumed } : {}) };
    } catch (error) {
      if (error instanceof ConfigError) return { kind: 'unusable', message: error.message };
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

  private ownersOf(uri: string): Map<string, LintTarget> {
    let owners = this.owners.get(uri);
    if (!owners) {
      owners = new Map();
      this.owners.set(uri, owners);
    }
    return owners;
  }
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
