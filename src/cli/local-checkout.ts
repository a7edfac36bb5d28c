import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Whether `cwd` is the top of a git checkout of OWNER/REPO on `webHost` (one of its remotes points
 * there): `--apply` in run mode writes only then. Returns why not, or null when it is.
 */
export async function notACheckoutOf(
  cwd: string,
  target: { webHost: string; owner: string; repo: string },
  env: NodeJS.ProcessEnv,
): Promise<string | null> {
  const repo = `${target.owner}/${target.repo}`;
  let top: string;
  let remotes: string;
  try {
    top = (await run('git', ['-C', cwd, 'rev-parse', '--show-toplevel'], { env })).stdout.trim();
    remotes = (await run('git', ['-C', cwd, 'remote', '-v'], { env })).stdout;
  } catch {
    return `the current directory is not a git checkout of ${repo}`;
  }
  if ((await realpath(top)) !== (await realpath(cwd))) {
    return `run it from the top of the checkout (${top}), where the workflow's paths start`;
  }
  const urls = [...new Set(remotes.split('\n').map((l) => l.split(/\s+/)[1]).filter((u): u is string => Boolean(u)))];
  if (urls.some((u) => remoteRepo(u) === `${target.webHost}/${repo}`.toLowerCase())) return null;
  return `the current directory is not a checkout of ${repo} (its remotes: ${urls.join(', ') || 'none'})`;
}

/** `host/owner/repo` of a remote URL (https, ssh, scp-like), lower-case; null when it is none of those. */
function remoteRepo(url: string): string | null {
  const scp = /^[\w.-]+@([^:/]+):\/?([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(url);
  if (scp) return `${scp[1]}/${scp[2]}/${scp[3]}`.toLowerCase();
  try {
    const u = new URL(url);
    const [owner, repo] = u.pathname.replace(/^\/+/, '').replace(/\.git\/?$/, '').split('/');
    return owner && repo ? `${u.hostname}/${owner}/${repo}`.toLowerCase() : null;
  } catch {
    return null;
  }
}
