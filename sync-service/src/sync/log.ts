/**
 * Where the service writes its Russian log lines. Injected everywhere, so a test can capture every
 * line and assert that no personal data is among them.
 */
export interface Logger {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}

// Control characters are exactly what this pattern is for: they would forge or colour log lines.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

/**
 * A value from outside (a request path, a file or sheet name, a library's message) made safe for
 * one log line: newlines, other control characters, ANSI escapes and bidi overrides are written
 * as visible escapes («\n», «\e», «\u202e»), so nobody can forge a line or recolour the terminal.
 * Every log line that quotes such a value passes it through here.
 */
export function logSafe(value: string): string {
  return value.replace(UNSAFE, (ch) => NAMED[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export const consoleLogger: Logger = {
  info: (line) => console.log(line),
  warn: (line) => console.warn(line),
  error: (line) => console.error(line),
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Keeps every line, for tests. */
export function memoryLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (line) => void lines.push(line),
    warn: (line) => void lines.push(line),
    error: (line) => void lines.push(line),
  };
}
