/**
 * Reads the environment Debian's apache2ctl gives httpd: it sources /etc/apache2/envvars, a
 * shell script of assignments (`export APACHE_RUN_USER=www-data`,
 * `: ${APACHE_RUN_USER:=www-data}`), and httpd's `${VAR}` sees the exported ones. This is the
 * small shell subset such files use, evaluated without running anything: assignments, `export`,
 * `unset`, `$VAR` / `${VAR}` / `${VAR:=x}` / `${VAR:-x}` / `${VAR#x}` / `${VAR##x}`, quotes, and
 * `if [ a = b ]` / `!=` tests with else branches. Anything else (`. /etc/default/locale`, `case`)
 * is skipped.
 */
export function readEnvvars(text: string): Record<string, string> {
  const shell = new ShellState();
  for (const line of text.split('\n')) shell.run(line.trim());
  return shell.exported();
}

class ShellState {
  private readonly vars = new Map<string, string>();
  private readonly exports = new Set<string>();
  /** One entry per open `if`: whether its current branch runs, and whether one already ran. */
  private readonly branches: { running: boolean; taken: boolean }[] = [];

  exported(): Record<string, string> {
    // fromEntries defines own properties, so even a variable named __proto__ stays a value.
    return Object.fromEntries(
      [...this.exports]
        .sort()
        .flatMap((name) => {
          const value = this.vars.get(name);
          return value === undefined ? [] : [[name, value] as const];
        }),
    );
  }

  run(line: string): void {
    if (line === '' || line.startsWith('#')) return;
    const words = shellWords(line);
    const [command, ...rest] = words;
    if (command === undefined) return;
    if (this.controlFlow(command, rest)) return;
    if (!this.branches.every((b) => b.running)) return;
    if (command === 'export') {
      for (const word of rest) this.assign(word, true);
    } else if (command === 'unset') {
      for (const word of rest) {
        this.vars.delete(word);
        this.exports.delete(word);
      }
    } else if (command === ':') {
      for (const word of rest) this.expand(word);
    } else if (isAssignment(command)) {
      for (const word of words) if (isAssignment(word)) this.assign(word, false);
    }
  }

  /** Handles `if`/`elif`/`else`/`fi`; true when the line was one of them. */
  private controlFlow(keyword: string, rest: string[]): boolean {
    if (keyword === 'if') {
      const outerRunning = this.branches.every((b) => b.running);
      const holds = outerRunning && this.test(rest);
      this.branches.push({ running: holds, taken: holds || !outerRunning });
      return true;
    }
    const top = this.branches[this.branches.length - 1];
    if (!top) return false;
    if (keyword === 'elif') {
      top.running = !top.taken && this.test(rest);
      top.taken ||= top.running;
    } else if (keyword === 'else') {
      top.running = !top.taken;
      top.taken = true;
    } else if (keyword === 'fi') {
      this.branches.pop();
    } else {
      return false;
    }
    return true;
  }

  /** `[ a = b ]` and `[ a != b ]` (the `; then` after it ignored); anything else is false. */
  private test(words: string[]): boolean {
    const parts = words.filter((t) => t !== ';' && t !== 'then');
    const [open, left, op, right, close] = parts;
    if (open !== '[' || close !== ']' || left === undefined || right === undefined) return false;
    const equal = this.expand(left) === this.expand(right);
    if (op === '=' || op === '==') return equal;
    if (op === '!=') return !equal;
    return false;
  }

  private assign(word: string, exported: boolean): void {
    const eq = word.indexOf('=');
    const name = eq < 0 ? word : word.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return;
    if (eq >= 0) this.vars.set(name, this.expand(word.slice(eq + 1)));
    if (exported) this.exports.add(name);
  }

  /** Expands quotes and parameters in one shell word. */
  private expand(word: string): string {
    let out = '';
    let quote: '"' | "'" | undefined;
    for (let i = 0; i < word.length; i++) {
      const ch = word[i] as string;
      if (quote === "'") {
        if (ch === "'") quote = undefined;
        else out += ch;
      } else if (ch === "'" && !quote) {
        quote = "'";
      } else if (ch === '"') {
        quote = quote ? undefined : '"';
      } else if (ch === '\\' && i + 1 < word.length) {
        out += word[++i];
      } else if (ch === '$') {
        const parameter = readParameter(word, i);
        if (!parameter) {
          out += ch;
          continue;
        }
        out += this.parameter(parameter.name, parameter.operator, parameter.operand);
        i = parameter.end - 1;
      } else {
        out += ch;
      }
    }
    return out;
  }

  private parameter(name: string, operator: string, operand: string): string {
    const value = this.vars.get(name);
    switch (operator) {
      case ':=':
        if (!value) {
          this.vars.set(name, this.expand(operand));
          return this.vars.get(name) as string;
        }
        return value;
      case ':-':
        return value ? value : this.expand(operand);
      case '#':
      case '##': {
        const prefix = this.expand(operand);
        return value !== undefined && value.startsWith(prefix) ? value.slice(prefix.length) : (value ?? '');
      }
      default:
        return value ?? '';
    }
  }
}

function isAssignment(word: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*=/.test(word);
}

/** `$NAME`, `${NAME}` or `${NAME<op><operand>}` at `start`. */
function readParameter(word: string, start: number): { name: string; operator: string; operand: string; end: number } | undefined {
  if (word[start + 1] === '{') {
    const close = word.indexOf('}', start + 2);
    if (close < 0) return undefined;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)(:=|:-|##|#)?(.*)$/s.exec(word.slice(start + 2, close));
    if (!match) return undefined;
    return { name: match[1] as string, operator: match[2] ?? '', operand: match[3] ?? '', end: close + 1 };
  }
  const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(word.slice(start + 1));
  return match ? { name: match[0], operator: '', operand: '', end: start + 1 + match[0].length } : undefined;
}

/** Splits a shell line into words at unquoted blanks, keeping quotes for `expand`; `;` is its own word. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | undefined;
  let braces = 0;
  const flush = () => {
    if (current !== '') words.push(current);
    current = '';
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote) {
      current += ch;
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === '$' && line[i + 1] === '{') {
      braces++;
      current += ch;
    } else if (ch === '}' && braces > 0) {
      braces--;
      current += ch;
    } else if (braces === 0 && (ch === ' ' || ch === '\t')) {
      flush();
    } else if (braces === 0 && ch === ';') {
      flush();
      words.push(';');
    } else if (braces === 0 && ch === '#' && current === '') {
      break;
    } else {
      current += ch;
    }
  }
  flush();
  return words;
}
