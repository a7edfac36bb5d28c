import pino, { type Logger } from 'pino';

/** pino levels, as numbers in each JSON line. */
const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** What a workflow command's data may not contain raw (the runner would cut or misread the line). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export interface ActionLog {
  log: Logger;
  /** Error or fatal lines written so far (the step fails when any was). */
  errors: () => number;
}

/**
 * The handlers log with pino; in a workflow, each line becomes readable text, and warnings and
 * errors become workflow commands (`::warning::`, `::error::`), which GitHub shows as annotations
 * on the run. The fields stay on the line as `key=value` (the handlers put the outcome there).
 */
export function createActionLog(opts: { level: string; write: (line: string) => void }): ActionLog {
  let errors = 0;
  const stream = {
    write(json: string): void {
      let rec: Record<string, unknown>;
      try {
        rec = JSON.parse(json) as Record<string, unknown>;
      } catch {
        opts.write(json);
        return;
      }
      // pino is built with `base: null` and no timestamp: the runner stamps each line itself.
      const { level, msg, err, ...fields } = rec;
      const name = LEVELS[level as number] ?? 'info';
      const extra = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
      const error = err as { message?: string; status?: number } | undefined;
      if (error?.message) extra.push(`error=${error.status ? `${error.status} ` : ''}${error.message}`);
      const text = [typeof msg === 'string' ? msg : '', ...extra].filter(Boolean).join(' ');
      if (name === 'error' || name === 'fatal') {
        errors++;
        opts.write(`::error::${escapeData(text)}\n`);
      } else if (name === 'warn') {
        opts.write(`::warning::${escapeData(text)}\n`);
      } else if (name === 'debug' || name === 'trace') {
        opts.write(`::debug::${escapeData(text)}\n`);
      } else {
        // One line that cannot start a workflow command (logged text can hold job-log content).
        opts.write(`${text.replace(/\r\n|\r|\n/g, ' ').replace(/^::/, ' ::')}\n`);
      }
    },
  };
  return { log: pino({ level: opts.level, base: null, timestamp: false }, stream), errors: () => errors };
}
