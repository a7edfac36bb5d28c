import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UsageError } from './usage-error.js';

export interface Token {
  token: string;
  /** Where it came from, for error messages. */
  from: string;
}

/**
 * The token for the API: GITHUB_TOKEN, else GH_TOKEN, else what `gh auth token` prints (the GitHub
 * CLI's login for that host). `env.PATH` finds `gh`.
 */
export async function resolveToken(env: NodeJS.ProcessEnv, webHost: string): Promise<Token> {
  for (const name of ['GITHUB_TOKEN', 'GH_TOKEN']) {
    const value = env[name]?.trim();
    if (value) return { token: value, from: name };
  }
  try {
    const args = ['auth', 'token', ...(webHost === 'github.com' ? [] : ['--hostname', webHost])];
    const { stdout } = await promisify(execFile)('gh', args, { env, timeout: 15_000 });
    const token = stdout.trim();
    if (token) return { token, from: '`gh auth token`' };
  } catch {
    // No gh, or not logged in: say what to do below.
  }
  const what = webHost === 'github.com' ? 'the repository' : webHost;
  throw new UsageError(
    `no GitHub token: set GITHUB_TOKEN (a token that can read ${what}: fine-grained with Actions: read and ` +
      'Contents: read, or classic with repo for a private one), or log in with `gh auth login`',
  );
}
