/**
 * `${NAME}` substitution as httpd's `ap_resolve_env` does it while reading each line: a name
 * set by `Define NAME value` wins, then the environment (Debian: what envvars exports).
 * An undefined name stays in the text verbatim and httpd logs AH00111. The substituted text is
 * not scanned again.
 */
export interface Substitution {
  value: string;
  /** Names that were not defined, in order of appearance. */
  undefinedNames: string[];
}

const REFERENCE = /\$\{([^}]*)\}/g;

export function substituteVariables(text: string, lookup: (name: string) => string | undefined): Substitution {
  const undefinedNames: string[] = [];
  if (!text.includes('${')) return { value: text, undefinedNames };
  const value = text.replace(REFERENCE, (reference, name: string) => {
    const found = lookup(name);
    if (found !== undefined) return found;
    undefinedNames.push(name);
    return reference;
  });
  return { value, undefinedNames };
}
