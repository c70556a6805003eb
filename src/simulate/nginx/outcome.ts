import type { NginxLocation } from '../../model/nginx/types.js';
import type { SourceLocation } from '../../parse/ast.js';

/**
 * A final answer of one phase. `cause` is what nginx writes to the error log at that point
 * (null when it writes nothing, as for `return 403` or a 405).
 */
export interface Answer {
  kind: 'answer';
  status: number;
  cause: string | null;
  path?: string;
  fix?: string;
  /** The Location header of a redirect. */
  location?: string;
  /** The directive that decided this answer (Verdict.decidedBy). */
  decidedBy?: SourceLocation;
}

/** An internal redirect: matching starts again (`index`, `try_files` fallback, `error_page`). */
export interface Redirect {
  kind: 'redirect';
  uri: string;
  args?: string;
}

export interface NamedRedirect {
  kind: 'named';
  location: NginxLocation;
}

export type PhaseResult = Answer | Redirect | NamedRedirect;

export function answer(status: number, cause: string | null, extra: Omit<Answer, 'kind' | 'status' | 'cause'> = {}): Answer {
  return { kind: 'answer', status, cause, ...extra };
}
