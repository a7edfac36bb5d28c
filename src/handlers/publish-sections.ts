import type { ProbotOctokit, Logger } from 'probot';
import { mergeSection } from '../comment/merge.js';
import type { RunSection } from '../comment/model.js';
import type { RepoConfig } from '../config/repo-config.js';
import type { PrLock } from '../state/shared-state.js';
import { upsertStickyComment, type AppIdentity, type UpsertResult } from '../github/upsert-sticky-comment.js';

export interface PublishParams {
  owner: string;
  repo: string;
  prNumber: number;
  sections: RunSection[];
  config: RepoConfig;
  configErrors: string[];
  identity: AppIdentity;
  locks: PrLock;
  log: Logger;
  /** `/diagnose` was asked for: comment even when `comment: on-match` finds nothing. */
  explicit?: boolean;
}

/**
 * Merges the run sections into the PR's sticky comment under the PR's lock: the comment is read
 * again right before writing, so concurrent runs never drop each other's sections.
 */
export async function publishSections(octokit: ProbotOctokit, p: PublishParams): Promise<UpsertResult> {
  const sections = p.sections;
  const titlesOnly = p.config.privateRunnerLogs === 'titles';
  const key = `${p.owner}/${p.repo}#${p.prNumber}`.toLowerCase();
  return p.locks.run(key, async () => {
    const result = await upsertStickyComment(octokit, {
      owner: p.owner,
      repo: p.repo,
      issueNumber: p.prNumber,
      identity: p.identity,
      update: (existing) => {
        // Nothing new to say and no comment to correct: stay quiet.
        if (existing === null && !p.explicit && !sections.some((s) => worthNewComment(s, p.config))) return null;
        let body = existing;
        let changed = false;
        for (const s of sections) {
          const merged = mergeSection(body, s, { titlesOnly, configErrors: p.configErrors });
          // A pass with nothing stale to replace is not news: keep it out of the comment.
          if (!merged.changed) continue;
          body = merged.body;
          changed = true;
        }
        return body === null ? null : { body, changed };
      },
    });
    p.log.info({ pr: p.prNumber, outcome: `comment-${result.outcome}`, commentId: result.commentId }, 'sticky comment');
    return result;
  });
}

function worthNewComment(s: RunSection, config: RepoConfig): boolean {
  if (s.status !== 'failed') return false;
  if (config.comment === 'always') return true;
  return s.jobs.some((j) => j.diagnosis?.rootCause);
}
