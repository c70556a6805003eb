import { ConfigError } from '../config/errors.js';

/**
 * A path, an audited view or a setting the session cannot use (a missing file, a `--root` that
 * is no directory). Shown as a configuration problem is: one line and exit code 2 on the
 * command line, one error on the document in an editor.
 */
export class InputError extends ConfigError {
}

/** An error's reason without the path it names: the message puts the path in front itself ("cannot read X: no such file"). */
export function reasonWithoutPath(error: { message: string; path: string }): string {
  const reason = error.path === '' ? error.message : error.message.split(`'${error.path}'`).join('').split(error.path).join('');
  return reason.replace(/[\s:,]+$/, '').replace(/^[\s:,]+/, '') || error.message;
}
