import type { ProbotOctokit } from 'probot';

/**
 * A file's text at a ref, or null when it does not exist there (404). Other errors are thrown:
 * the caller decides whether a missing workflow file matters.
 */
export async function getFile(
  octokit: ProbotOctokit,
  params: { owner: string; repo: string; path: string; ref: string },
): Promise<string | null> {
  try {
    const res = await octokit.rest.repos.getContent(params);
    const data = res.data;
    if (Array.isArray(data) || data.type !== 'file') {
      throw new Error(`${params.path} at ${params.ref} is a ` +
        `${Array.isArray(data) ? 'directory' : data.type}, not a file`);
    }
    return Buffer.from(data.content, (data.encoding as BufferEncoding | undefined) ?? 'base64').toString('utf8');
  } catch (err) {
    if ((err as { status?: number }).status === 404) return null;
    throw err;
  }
}
