/** A `/diagnose` line: no argument (latest failed runs), or one run (id kept as text: exact past 2^53). */
export type DiagnoseCommand =
  | { kind: 'latest' }
  | { kind: 'run'; runId: string; owner?: string; repo?: string }
  | { kind: 'invalid'; arg: string };

// Up to three spaces of indent: four make an indented code block in CommonMark.
const COMMAND = /^ {0,3}\/diagnose(?:[ \t]+(\S+))?[ \t]*$/m;
const RUN_ID = /^[1-9]\d{0,19}$/;
const RUN_URL = /^https?:\/\/[^/]+\/([^/]+)\/([^/]+)\/actions\/runs\/([1-9]\d{0,19})(?:[/?#].*)?$/;

/**
 * Finds the first `/diagnose` line of a comment, outside code (fenced, indented, inline spans)
 * and HTML comments: a command quoted as an example is not a command. Null when there is none.
 */
export function parseDiagnoseCommand(body: string): DiagnoseCommand | null {
  const m = COMMAND.exec(withoutCode(body));
  if (!m) return null;
  const arg = m[1];
  if (arg === undefined) return { kind: 'latest' };
  if (RUN_ID.test(arg)) return { kind: 'run', runId: arg };
  const url = RUN_URL.exec(arg);
  if (url) return { kind: 'run', owner: url[1]!, repo: url[2]!, runId: url[3]! };
  return { kind: 'invalid', arg };
}

/** The comment with code blocks, code spans and HTML comments blanked (lines kept). */
function withoutCode(body: string): string {
  const lines = body.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n').replace(/<!--[\s\S]*?(?:-->|$)/g, '').split('\n');
  const out: string[] = [];
  let fence: { char: string; len: number } | null = null;
  for (const line of lines) {
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      // A fence closes with the same character, at least as long, and nothing after it.
      if (f && f[1]![0] === fence.char && f[1]!.length >= fence.len && line.trim() === f[1]) fence = null;
      out.push('');
    } else if (f && !(f[1]![0] === '`' && line.slice(line.indexOf(f[1]!) + f[1]!.length).includes('`'))) {
      fence = { char: f[1]![0]!, len: f[1]!.length };
      out.push('');
    } else {
      out.push(line);
    }
  }
  // Code spans: a run of N backticks up to the next run of exactly N, within a paragraph.
  return out
    .join('\n')
    .split(/\n[ \t]*\n/)
    .map((para) => para.replace(/(?<!`)(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, (span) => span.replace(/[^\n]/g, ' ')))
    .join('\n\n');
}
