// The structured logger, built on pino: one JSON line per entry, filtered by LOG_LEVEL, with
// tokens, secrets and signatures redacted wherever they appear in the fields. Pretty-printed
// (pino-pretty) only when stdout is a terminal and no sink was given.
import { pino, type DestinationStream, type Logger as PinoLogger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export type LogMethod = (message: string, fields?: Record<string, unknown>) => void;

export type Logger = Record<LogLevel, LogMethod> & {
  /** A logger that adds `bindings` (e.g. `{ tenantId, workflowId }`) to every line it writes. */
  child: (bindings: Record<string, unknown>) => Logger;
};

/** Field names whose values never reach a log line, at the top level or one object down. */
export const REDACTED_KEYS = [
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'idToken',
  'id_token',
  'clientSecret',
  'client_secret',
  'apiToken',
  'hookSecret',
  'secret',
  'password',
  'authorization',
  'Authorization',
  'signature',
] as const;

export const REDACTED = '[redacted]';

const redactPaths = [
  ...REDACTED_KEYS.flatMap((key) => [key, `*.${key}`]),
  'headers.authorization',
  'headers.cookie',
  'headers["x-bpro-signature"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["x-bpro-signature"]',
];

function options(name: string, level: LogLevel): LoggerOptions {
  return {
    level,
    base: { process: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: redactPaths, censor: REDACTED },
  };
}

/** Where lines go: the given sink (one call per line, without the newline), a pretty TTY, or stdout. */
function destination(write: ((line: string) => void) | undefined): DestinationStream {
  if (write) return { write: (chunk: string) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) };
  if (process.stdout.isTTY) {
    const prettify = pretty.prettyFactory({
      colorize: true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'process',
      messageFormat: '{process}: {msg}',
    });
    return { write: (chunk: string) => process.stdout.write(prettify(chunk)) };
  }
  return process.stdout;
}

/** Keys every line already has; a field with one of these names is written as `_<name>`. */
const reserved = new Set(['level', 'time', 'process', 'msg']);

/**
 * Errors at the top of the fields become `{ type, message, stack }` (one JSON line, the stack's
 * newlines escaped), and fields named like the line's own keys are renamed so they cannot clash.
 */
function prepare(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[reserved.has(key) ? `_${key}` : key] =
      value instanceof Error ? pino.stdSerializers.err(value) : value;
  }
  return out;
}

function wrap(base: PinoLogger): Logger {
  const method =
    (level: LogLevel): LogMethod =>
    (message, fields) => {
      if (!base.isLevelEnabled(level)) return;
      if (fields === undefined) base[level](message);
      else base[level](prepare(fields), message);
    };
  return {
    trace: method('trace'),
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    child: (bindings) => wrap(base.child(prepare(bindings))),
  };
}

/**
 * A logger for the process `name`, writing entries at `level` and above. Every line carries
 * `level` (label), `time` (ISO), `process` and `msg`, then the fields. `write` receives each line
 * (without its newline) instead of stdout; tests use it.
 */
export function createLogger(name: string, level: LogLevel = 'info', write?: (line: string) => void): Logger {
  return wrap(pino(options(name, level), destination(write)));
}
