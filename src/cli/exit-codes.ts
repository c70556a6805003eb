/** ESLint's convention, which CI systems already know. */
export const EXIT_OK = 0;
/** Errors found, or more warnings than `--max-warnings`. */
export const EXIT_PROBLEMS = 1;
/** The tool could not do its job: bad arguments, a missing file, a bad configuration, a mount that failed mid-audit. */
export const EXIT_FAILURE = 2;
