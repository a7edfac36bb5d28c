import type { ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandSpec {
  /** How it is typed: `diagnose`, `catalog lint`. */
  name: string;
  summary: string;
  /** The whole `--help` text of the command. */
  help: string;
  options: Options;
}

const HELP_OPTION = { help: { type: 'boolean', short: 'h', default: false } } satisfies Options;

export const DIAGNOSE: CommandSpec = {
  name: 'diagnose',
  summary: 'diagnose job logs (files, - for stdin) or a run on GitHub (its URL)',
  options: {
    ...HELP_OPTION,
    format: { type: 'string', default: 'text' },
    workflow: { type: 'string' },
    job: { type: 'string' },
    'hook-template': { type: 'string' },
    catalog: { type: 'string', multiple: true },
    ignore: { type: 'string', multiple: true },
    apply: { type: 'boolean', default: false },
    'no-color': { type: 'boolean', default: false },
    repo: { type: 'string' },
    run: { type: 'string' },
  },
  help: `Usage: runner-doctor diagnose <log>... [options]
       runner-doctor diagnose https://github.com/OWNER/REPO/actions/runs/RUN_ID[/job/JOB_ID] [options]
       runner-doctor diagnose --repo OWNER/REPO --run RUN_ID [options]

Diagnoses failed GitHub Actions job logs: names the root cause, the line that shows it, and the fix.
<log> is a file, or - for stdin: a job's log (downloaded, or copied from the web page), the output of
\`gh run view --log\` or \`--log-failed\` (one diagnosis per job), or a run's log archive logs_<run>.zip
(one diagnosis per job file).
Given a run (its URL, or --repo and --run), it fetches the failed jobs of the run's latest attempt (or the
job or attempt the URL names) with GITHUB_TOKEN, GH_TOKEN or \`gh auth token\`, and the workflow file at the
run's head SHA; GITHUB_API_URL points it at GitHub Enterprise Server.

Options:
  --format text|json|markdown   output format (default: text)
  --workflow <file>             the job's workflow file: container image for the diagnosis, target of fix diffs
                                (a run's own is fetched)
  --job <key-or-name>           the job: of --workflow (default: the log's "Complete job name:", else the only
                                container job), of an input holding several jobs or of a run (only that one)
  --hook-template <file>        the runner's hook template (ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE) for fix diffs
  --catalog <file>              extra signature catalog (YAML; repeatable)
  --ignore <id,...>             catalog ids to leave out (repeatable)
  --repo <owner/repo>           with --run: the run to fetch
  --run <run-id>                with --repo: the run to fetch
  --apply                       write the proposed diffs to the files (only under the current directory; for a run,
                                only in a checkout of that repository, from its top directory)
  --no-color                    no ANSI colours in text output (also when NO_COLOR is set)
  -h, --help                    this help

Exit codes: 0 diagnosed (whatever was found), 2 bad input or a run none of whose jobs could be read (one
line on stderr says what to do).
`,
};

export const CATALOG_LINT: CommandSpec = {
  name: 'catalog lint',
  summary: 'validate catalogs and run their examples',
  options: { ...HELP_OPTION },
  help: `Usage: runner-doctor catalog lint [file...]

Validates signature catalog files (the built-in catalog when none is given): schema, regexes, and every
entry's examples (must match) and counterexamples (must not).

Options:
  -h, --help   this help

Exit codes: 0 clean, 1 problems found (listed on stderr as FILE: entry ID: problem), 2 bad input.
`,
};

export const CATALOG_STATS: CommandSpec = {
  name: 'catalog stats',
  summary: 'accuracy of the catalog on the log corpus',
  options: { ...HELP_OPTION, corpus: { type: 'string' }, misses: { type: 'boolean', default: false } },
  help: `Usage: runner-doctor catalog stats [--corpus <corpus.yaml>] [--misses]

Diagnoses every log of a corpus manifest and compares the root cause and its line with what the manifest
expects. Prints the accuracy on real logs (cases with a source URL), the unclassified rate (real failed jobs
that got no root cause), and cases per kind and per expected family.

Options:
  --corpus <file>   the manifest (default: test/fixtures/logs/corpus.yaml, from the current directory)
  --misses          also list every case that is answered wrong, and how
  -h, --help        this help

Exit codes: 0 printed, 2 bad input.
`,
};

export const HISTORY_STATS: CommandSpec = {
  name: 'stats',
  summary: "top root causes and classifications from the app's history store",
  options: {
    help: { type: 'boolean', short: 'h', default: false },
    days: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  help: `Usage: runner-doctor stats [--days N] [--json]

Prints what the app's /stats page shows, from its history store: failed jobs, the unclassified share,
classifications and the top root causes with their trend (against the period before) for the last 24 hours,
7 and 30 days (or the last N days), then by repository, by runner label, and the newest examples.
The store is the app's: DATABASE_URL (PostgreSQL), else $DATA_DIR/history.sqlite (DATA_DIR default ./data).

Options:
  --days <N>   one period of N days (1..3650) instead of 24 hours, 7 and 30 days
  --json       the numbers as JSON
  -h, --help   this help

Exit codes: 0 printed, 2 bad input or no store.
`,
};

export const WORKER: CommandSpec = {
  name: 'worker',
  summary: 'work on queued events (app server replicas with REDIS_URL)',
  options: { ...HELP_OPTION },
  help: `Usage: runner-doctor worker

Runs the app's workers without a web server: takes the events that the app replicas queued in Redis,
diagnoses them and updates the pull requests. Reads the app's environment (APP_ID, PRIVATE_KEY or
PRIVATE_KEY_PATH, REDIS_URL, WORKER_CONCURRENCY, ...; see the README). Stops on SIGTERM after the
running events finish (SHUTDOWN_GRACE_SECONDS).

Options:
  -h, --help   this help

Exit codes: runs until stopped; 2 when the environment is incomplete (one line on stderr says what to set).
`,
};

export const SERVE: CommandSpec = {
  name: 'serve',
  summary: 'run the GitHub App server (npm start); without an app yet, its setup page',
  options: { ...HELP_OPTION },
  help: `Usage: runner-doctor serve

Runs the GitHub App: what \`probot run ./lib/index.js\` does, reading ./.env first (its values win).
Without APP_ID and a private key (and NODE_ENV not production) it serves the setup page on HOST:PORT
(default localhost:3000) instead: it registers a GitHub App from app.yml with its webhook at WEBHOOK_PATH
(default /api/github/webhooks) behind PUBLIC_URL, or at the smee.io channel in WEBHOOK_PROXY_URL, and writes
APP_ID, PRIVATE_KEY and WEBHOOK_SECRET to ./.env (its other lines are kept). Restart it afterwards.
With neither PUBLIC_URL nor WEBHOOK_PROXY_URL, and the page opened on a local address, the page says how
to get one instead of registering an app GitHub cannot reach.

Options:
  -h, --help   this help

Exit codes: runs until stopped; 2 when it cannot start (one line on stderr says why).
`,
};

export const COMMANDS = [DIAGNOSE, CATALOG_LINT, CATALOG_STATS, HISTORY_STATS, SERVE, WORKER];

/** `runner-doctor catalog --help`: the catalog commands. */
export function catalogHelp(): string {
  const catalog = COMMANDS.filter((c) => c.name.startsWith('catalog '));
  const width = Math.max(...catalog.map((c) => c.name.length)) + 2;
  const lines = catalog.map((c) => `  runner-doctor ${c.name.padEnd(width)}${c.summary}`);
  return `Usage:\n${lines.join('\n')}\n\nRun \`runner-doctor catalog <command> --help\` for its options.\n`;
}

export function mainHelp(version: string): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 'help <command>'.length) + 2;
  const lines = COMMANDS.map((c) => `  runner-doctor ${c.name.padEnd(width)}${c.summary}`);
  return `runner-doctor ${version}: diagnoses failed GitHub Actions jobs and proposes the fix

Usage:
${lines.join('\n')}
  runner-doctor ${'help <command>'.padEnd(width)}a command's options (or: runner-doctor <command> --help)
  runner-doctor ${'--version'.padEnd(width)}print the version (${version})
`;
}
