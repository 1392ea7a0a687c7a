import { redactSecrets, redactText } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export type LogSink = (level: LogLevel, message: string, context?: unknown) => void;

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

const consoleSink: LogSink = (level, message, context) => {
  const line = `[payment-flows] ${message}`;
  if (context === undefined) console[level](line);
  else console[level](line, context);
};

/** Loggers made by `createLogger`: they redact every line themselves. */
const redactingLoggers = new WeakSet<Logger>();

/**
 * The logger the sagas write to: a host's own logger gets every line through the redactor, as
 * one `createLogger` makes would (which is used as it is).
 */
export function redactedLogger(logger: Logger): Logger {
  if (redactingLoggers.has(logger)) return logger;
  return createLogger({
    level: 'debug',
    sink: (level, message, context) => {
      logger[level](message, context as Record<string, unknown> | undefined);
    },
  });
}

/** One small levelled logger; every context object is redacted before it is written. */
export function createLogger(
  options: { level?: LogLevel; sink?: LogSink } = {},
): Logger & { level: LogLevel } {
  const level = options.level ?? 'info';
  const sink = options.sink ?? consoleSink;
  const write =
    (at: LogLevel) =>
    (message: string, context?: Record<string, unknown>): void => {
      if (RANK[at] < RANK[level]) return;
      sink(at, redactText(message), context === undefined ? undefined : redactSecrets(context));
    };
  const logger = {
    level,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
  redactingLoggers.add(logger);
  return logger;
}

export const silentLogger: Logger = createLogger({ sink: () => undefined });
