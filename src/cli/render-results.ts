import type { Diagnosis } from '../engine/types.js';
import { classify, keyCapture } from '../history/classify.js';
import { loadInfrastructureRule } from '../history/infrastructure-rule.js';
import type { CliIo } from './cli-io.js';

/** One answer of the CLI: a job's diagnosis and where it came from. */
export interface Result {
  /** What was read (`job.log`, `stdin: build`, a job's URL): evidence and JSON say it. */
  source: string;
  /** The job's name, when the input names it. */
  job?: string;
  /** Heads the answer when there are several (default: `source`). */
  heading?: string;
  diagnosis: Diagnosis;
}

export type Format = 'text' | 'json' | 'markdown';

/** The answers in one format; only that format's renderer is loaded (start-up, issue 13). */
export async function renderResults(results: Result[], format: Format, io: CliIo, noColor: boolean): Promise<string> {
  if (format === 'json') {
    // What was read and which job it is, so a script can tell several answers apart.
    const rule = loadInfrastructureRule();
    const json = results.map((r) => ({
      ...r.diagnosis,
      source: r.source,
      ...(r.job ? { job: r.job } : {}),
      classification: cliClassification(r, rule),
    }));
    return JSON.stringify(json.length === 1 ? json[0] : json, null, 2) + '\n';
  }
  const many = results.length > 1;
  const heading = (r: Result) => (many ? { heading: r.heading ?? r.source } : {});
  if (format === 'markdown') {
    const { renderMarkdown } = await import('../render/render-markdown.js');
    return results.map((r) => renderMarkdown(r.diagnosis, heading(r))).join('\n\n') + '\n';
  }
  const { renderText } = await import('../render/render-text.js');
  const color = !noColor && Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
  return results.map((r) => renderText(r.diagnosis, { color, ...heading(r) })).join('\n');
}

/**
 * The CLI has no base branch to compare with, so a job is `infrastructure` (not caused by a change) or `unknown`;
 * the app and the Action, which look the base branch up, also say `broken-on-base`, `flaky` or `new`.
 */
function cliClassification(r: Result, rule: ReturnType<typeof loadInfrastructureRule>): string {
  const root = r.diagnosis.rootCause;
  const job = {
    name: r.job ?? r.source,
    rootCause: root?.id ?? null,
    category: root?.category ?? null,
    keyCapture: keyCapture(root?.captures),
  };
  return classify({ job, infrastructure: rule, passedInAttempt: null, base: null }).kind;
}
