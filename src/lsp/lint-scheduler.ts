import type { LintMessage } from '../engine/events.js';
import { compareMessages } from '../engine/results.js';
import type { DocumentLint, DocumentLinter, DocumentSnapshot, LintedDocument, LintPhase } from './document-linter.js';

/** What the scheduler tells the editor. */
export interface LintSink {
  publish(document: DocumentSnapshot, lint: DocumentLint): void;
  /** A filesystem pass starts; the returned function ends whatever progress it showed. */
  walkStarted(document: DocumentSnapshot): Promise<() => void>;
  log(message: string): void;
  error(message: string): void;
}

interface DocumentState {
  /** Bumped by every edit and every re-lint: a pass whose generation is not the latest publishes nothing. */
  generation: number;
  snapshot: DocumentSnapshot;
  /** The newest lint published, for code actions and hovers. */
  lint?: DocumentLint;
  /** The latest config pass as it came, before the filesystem findings were added. */
  configLint?: DocumentLint;
  /** What the last filesystem pass found beyond its config pass, by host path, shown until the next one replaces it. */
  walkFindings: ReadonlyMap<string, LintMessage[]>;
  /** The next pass, not started yet. */
  timer?: NodeJS.Timeout;
  walk?: AbortController;
}

/**
 * Two passes per edit. The config pass (syntax, configuration and directive rules) runs at once
 * and is published as soon as it ends; the filesystem pass waits until edits pause for
 * `walkDelayMs` and is aborted by the next edit, so a long walk over a document root never holds
 * back the diagnostics of what is being typed. The config pass starts on a timer of its own, so
 * edits that arrived while a lint ran are all applied first and a burst costs one pass. As a
 * compiler's check is in other servers, the last filesystem findings stay on screen through the
 * config passes (at their old lines) until the next filesystem pass replaces them, rather than
 * vanish and come back with every keystroke.
 */
export class LintScheduler {
  private readonly documents = new Map<string, DocumentState>();

  constructor(
    private readonly linter: DocumentLinter,
    private readonly sink: LintSink,
    private readonly walkDelayMs: number,
  ) {}

  /** Lints a new version of a document. */
  schedule(snapshot: DocumentSnapshot): void {
    const state: DocumentState = this.documents.get(snapshot.uri) ?? { generation: 0, snapshot, walkFindings: new Map() };
    this.documents.set(snapshot.uri, state);
    this.cancelPending(state);
    state.snapshot = snapshot;
    const generation = ++state.generation;
    state.timer = setTimeout(() => void this.configPass(state, snapshot, generation), 0);
  }

  /** Lints every open document again, e.g. after a configuration file changed. */
  relintAll(): void {
    for (const state of this.documents.values()) {
      // Found under the old configuration: they may belong to a rule that is now off.
      state.walkFindings = new Map();
      this.schedule(state.snapshot);
    }
  }

  /** The document was closed: stop its passes and forget it. */
  forget(uri: string): void {
    const state = this.documents.get(uri);
    if (!state) return;
    this.cancelPending(state);
    state.generation++;
    this.documents.delete(uri);
    this.linter.forget(uri);
  }

  latest(uri: string): { snapshot: DocumentSnapshot; lint: DocumentLint } | undefined {
    const state = this.documents.get(uri);
    return state?.lint ? { snapshot: state.snapshot, lint: state.lint } : undefined;
  }

  private async configPass(state: DocumentState, snapshot: DocumentSnapshot, generation: number): Promise<void> {
    state.timer = undefined;
    const linted = await this.run(state, snapshot, generation, 'config');
    if (linted && state.generation === generation) state.timer = setTimeout(() => void this.walk(state, snapshot, generation), this.walkDelayMs);
  }

  private async walk(state: DocumentState, snapshot: DocumentSnapshot, generation: number): Promise<void> {
    state.timer = undefined;
    const controller = new AbortController();
    state.walk = controller;
    const done = await this.sink.walkStarted(snapshot);
    try {
      await this.run(state, snapshot, generation, 'filesystem', controller.signal);
    } finally {
      done();
      if (state.walk === controller) state.walk = undefined;
    }
  }

  /** One pass; true when it linted a document and published the result. */
  private async run(state: DocumentState, snapshot: DocumentSnapshot, generation: number, phase: LintPhase, signal?: AbortSignal): Promise<boolean> {
    try {
      const lint = await this.linter.lint(snapshot, phase, signal);
      if (state.generation !== generation || signal?.aborted) return false;
      // A document that is not server configuration is answered once, not on every keystroke.
      const unchanged = lint.kind === 'ignored' && state.lint?.kind === 'ignored';
      if (phase === 'config') state.configLint = lint;
      else state.walkFindings = beyond(snapshot.file, lint, state.configLint);
      const shown = phase === 'config' ? withFindings(snapshot.file, lint, state.walkFindings) : lint;
      state.lint = shown;
      if (!unchanged) this.sink.publish(snapshot, shown);
      return lint.kind === 'linted';
    } catch (error) {
      if (signal?.aborted) {
        this.sink.log(`forbidlint: cancelled the filesystem pass of ${snapshot.uri} version ${snapshot.version}: a newer edit supersedes it`);
      } else {
        this.sink.error(`forbidlint: internal error while linting ${snapshot.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
      return false;
    }
  }

  private cancelPending(state: DocumentState): void {
    clearTimeout(state.timer);
    state.timer = undefined;
    state.walk?.abort();
  }
}

/** Every finding of a lint by host path, the document's own under `file`. */
function byFile(file: string, lint: LintedDocument): Map<string, LintMessage[]> {
  return new Map([...lint.others, [file, lint.messages]]);
}

/** The findings of a filesystem pass that the config pass of the same version did not report, by file. */
function beyond(file: string, walked: DocumentLint, config: DocumentLint | undefined): Map<string, LintMessage[]> {
  const found = new Map<string, LintMessage[]>();
  if (walked.kind !== 'linted') return found;
  const before = config?.kind === 'linted' ? byFile(file, config) : new Map<string, LintMessage[]>();
  for (const [path, messages] of byFile(file, walked)) {
    const seen = new Set((before.get(path) ?? []).map(findingKey));
    const extra = messages.filter((message) => !seen.has(findingKey(message)));
    if (extra.length > 0) found.set(path, extra);
  }
  return found;
}

function withFindings(file: string, lint: DocumentLint, extra: ReadonlyMap<string, LintMessage[]>): DocumentLint {
  if (lint.kind !== 'linted' || extra.size === 0) return lint;
  const merged = byFile(file, lint);
  for (const [path, messages] of extra) merged.set(path, [...(merged.get(path) ?? []), ...messages].sort(compareMessages));
  const { [file]: own = [], ...rest } = Object.fromEntries(merged);
  return { ...lint, messages: own, others: new Map(Object.entries(rest)) };
}

function findingKey(message: LintMessage): string {
  return `${message.ruleId}\0${message.line}:${message.column}\0${message.message}`;
}
