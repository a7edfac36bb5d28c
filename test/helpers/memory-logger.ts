import type { Logger } from 'probot';

export interface LogEntry {
  level: string;
  /** Bindings of every `child()` on the way, then the call's own object. */
  fields: Record<string, unknown>;
  msg: string;
}

/** A pino-shaped logger that keeps entries in memory, to assert outcomes and that no secret is logged. */
export function memoryLogger(entries: LogEntry[] = [], bindings: Record<string, unknown> = {}): Logger & { entries: LogEntry[] } {
  const write = (level: string) => (a?: unknown, b?: unknown) => {
    const obj = a && typeof a === 'object' && !(a instanceof Error) ? (a as Record<string, unknown>) : {};
    const msg = typeof a === 'string' ? a : typeof b === 'string' ? b : a instanceof Error ? a.message : '';
    entries.push({ level, fields: { ...bindings, ...obj }, msg });
  };
  const logger = {
    entries,
    level: 'trace',
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    fatal: write('fatal'),
    silent: () => undefined,
    isLevelEnabled: () => true,
    child: (more: Record<string, unknown>) => memoryLogger(entries, { ...bindings, ...more }),
  };
  return logger as unknown as Logger & { entries: LogEntry[] };
}
