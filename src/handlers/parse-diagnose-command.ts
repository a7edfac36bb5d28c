/** A `/diagnose` line: no argument (latest failed runs), or one run. */
export type DiagnoseCommand =
  | { kind: 'latest' }
  | { kind: 'run'; runId: number; owner?: string; repo?: string }
  | { kind: 'invalid'; arg: string };

const COMMAND = /^[ \t]*\/diagnose(?:[ \t]+(\S+))?[ \t]*$/m;
const RUN_URL = /^https?:\/\/[^/]+\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)(?:[/?#].*)?$/;

/** Finds the first `/diagnose` line of a comment (null when there is none; quoted lines do not count). */
export function parseDiagnoseCommand(body: string): DiagnoseCommand | null {
  const m = COMMAND.exec(body.replace(/\r\n?/g, '\n'));
  if (!m) return null;
  const arg = m[1];
  if (arg === undefined) return { kind: 'latest' };
  if (/^\d{1,19}$/.test(arg)) return { kind: 'run', runId: Number(arg) };
  const url = RUN_URL.exec(arg);
  if (url) return { kind: 'run', owner: url[1]!, repo: url[2]!, runId: Number(url[3]) };
  return { kind: 'invalid', arg };
}
