import { ConfigError } from '../config/errors.js';

/**
 * A path, an audited view or a setting the session cannot use (a missing file, a `--root` that
 * is no directory). Shown as a configuration problem is: one line and exit code 2 on the
 * command line, one error on the document in an editor.
 */
export class InputError extends ConfigError {
}
