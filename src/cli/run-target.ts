import { UsageError } from './usage-error.js';

/** A workflow run to fetch from GitHub (and optionally one job or attempt of it). */
export interface RunTarget {
  /** The web host of the URL (github.com, or a GitHub Enterprise Server host). */
  webHost: string;
  owner: string;
  repo: string;
  runId: number;
  /** From `/attempts/N`; else the run's latest attempt. */
  attempt?: number;
  /** From `/job/ID`: that job only. */
  jobId?: number;
}

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const RUN_PATH = /^\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)(?:\/attempts\/(\d+))?(?:\/job\/(\d+))?\/?$/;

export function isRunUrl(arg: string): boolean {
  return /^https?:\/\//i.test(arg);
}

/** An id from a URL or an option: digits only, exact in a double (ids go into API paths). */
function id(text: string, what: string): number {
  const n = Number(text);
  if (!/^\d{1,16}$/.test(text) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`${what} "${text}" is not a GitHub id (a positive whole number)`);
  }
  return n;
}

/** `https://github.com/OWNER/REPO/actions/runs/ID[/attempts/N][/job/JOB]` (query and fragment ignored). */
export function parseRunUrl(text: string): RunTarget {
  const usage = `"${text}" is not a run URL: use https://github.com/OWNER/REPO/actions/runs/RUN_ID[/job/JOB_ID]`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(usage);
  }
  const m = RUN_PATH.exec(url.pathname);
  if (!m || !NAME.test(m[1]!) || !NAME.test(m[2]!)) throw new UsageError(usage);
  return {
    webHost: url.host.toLowerCase(),
    owner: m[1]!,
    repo: m[2]!,
    runId: id(m[3]!, 'run id'),
    ...(m[4] ? { attempt: id(m[4], 'attempt') } : {}),
    ...(m[5] ? { jobId: id(m[5], 'job id') } : {}),
  };
}

/** `--repo OWNER/REPO --run ID` (the web host from GITHUB_SERVER_URL, as in Actions; else github.com). */
export function runTargetFromOptions(repo: string, run: string, env: NodeJS.ProcessEnv): RunTarget {
  const [owner, name, extra] = repo.split('/');
  if (!owner || !name || extra !== undefined || !NAME.test(owner) || !NAME.test(name)) {
    throw new UsageError(`--repo "${repo}" is not OWNER/REPO`);
  }
  let webHost = 'github.com';
  if (env.GITHUB_SERVER_URL) {
    try {
      webHost = new URL(env.GITHUB_SERVER_URL).host.toLowerCase();
    } catch {
      throw new UsageError(`GITHUB_SERVER_URL=${env.GITHUB_SERVER_URL} is not a URL (e.g. https://github.example.com)`);
    }
  }
  return { webHost, owner, repo: name, runId: id(run, '--run') };
}

/** The REST API for a web host: GITHUB_API_URL when set (GitHub Enterprise Server), else the host's own. */
export function apiBaseUrl(target: RunTarget, env: NodeJS.ProcessEnv): string {
  const set = env.GITHUB_API_URL?.trim();
  if (set) {
    try {
      return new URL(set).toString().replace(/\/$/, '');
    } catch {
      throw new UsageError(`GITHUB_API_URL=${set} is not a URL (e.g. https://github.example.com/api/v3)`);
    }
  }
  return target.webHost === 'github.com' ? 'https://api.github.com' : `https://${target.webHost}/api/v3`;
}
