// A minimal structured logger: one JSON line per entry on stdout, filtered by LOG_LEVEL.
// Never pass secrets or config objects to it.
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
const order: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50 };

export type Logger = Record<LogLevel, (message: string, fields?: Record<string, unknown>) => void>;

export function createLogger(
  name: string,
  level: LogLevel = 'info',
  write = (line: string) => process.stdout.write(`${line}\n`),
): Logger {
  const at =
    (l: LogLevel) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (order[l] < order[level]) return;
      write(
        JSON.stringify({ time: new Date().toISOString(), level: l, process: name, msg: message, ...fields }),
      );
    };
  return { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
