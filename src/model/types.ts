import type { Dialect, Directive } from '../parse/ast.js';

/** The account the server's workers run as, and where the config says so. */
export interface WebUser {
  user: string;
  group?: string;
  /** The `user` / `User` directive that set it; absent when it is the server's built-in default. */
  source?: Directive;
}

/** A filesystem tree the config serves, and the directive that names it. */
export interface ServedTree {
  /** Absolute path on the audited server. */
  fsPath: string;
  /** URL prefix it answers for, when known (`/`, `/static/`). */
  urlPrefix?: string;
  directive: Directive;
}

/**
 * One nginx `server` block or Apache virtual host (the main server counts as one), reduced to
 * what rules need to find it again: its block, names, listens and the trees it serves.
 */
export interface ServerSummary {
  dialect: Dialect;
  /** The `server { }` or `<VirtualHost>` directive; absent for Apache's main server. */
  block?: Directive;
  names: string[];
  listens: string[];
  trees: ServedTree[];
}
