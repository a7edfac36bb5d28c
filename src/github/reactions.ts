import type { ProbotOctokit } from 'probot';

export type Reaction = 'eyes' | 'rocket' | 'confused';

/** Reacts to an issue/PR comment (acknowledge `/diagnose`, then success or failure). */
export async function addReaction(
  octokit: ProbotOctokit,
  params: { owner: string; repo: string; commentId: number; content: Reaction },
): Promise<void> {
  await octokit.rest.reactions.createForIssueComment({
    owner: params.owner,
    repo: params.repo,
    comment_id: params.commentId,
    content: params.content,
  });
}
