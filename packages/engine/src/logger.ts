import { pino, type Logger } from 'pino';

export type { Logger };

/** The engine's logger: pino, JSON lines. `false` in options gives a silent logger (tests, benchmarks). */
export function createLogger(option: Logger | false | undefined): Logger {
  if (option === false) return pino({ level: 'silent' });
  return option ?? pino({ name: 'switchyard', level: process.env.LOG_LEVEL ?? 'info' });
}
