import { readFile } from 'node:fs/promises';
import { Context, Probot } from 'probot';
import { loadCatalog } from '../catalog/load-catalog.js';
import { readServerConfig } from '../config/server-config.js';
import { buildFixes } from '../fixes/build-fixes.js';
import { createAppDeps } from '../handlers/app-deps.js';
import { handleDiagnoseCommand } from '../handlers/handle-diagnose-command.js';
import { handleWorkflowRun } from '../handlers/handle-workflow-run.js';
import { ActionSetupError, readActionEnv } from './action-env.js';
import { createActionLog } from './action-log.js';

/**
 * Comments made with a workflow's GITHUB_TOKEN are by the GitHub Actions app: its bot login on
 * every GitHub, its id on github.com. The sticky marker plus this author is "our" comment.
 */
const GITHUB_ACTIONS_IDENTITY = { slug: 'github-actions', id: 15368 };

export interface ActionIo {
  env: Record<string, string | undefined>;
  write: (text: string) => void;
}

/**
 * The GitHub Action: the app's own handlers (same sticky comment, repo config, catalog and fixes)
 * run once on the event of the workflow that called it, with the workflow's token instead of an
 * App installation. Returns the exit code: 1 when a setting is missing or the handler logged an
 * error (a missing permission, say), so the step shows red with the reason as an annotation.
 */
export async function runAction(io: ActionIo): Promise<number> {
  let env;
  try {
    env = readActionEnv(io.env);
  } catch (err) {
    if (!(err instanceof ActionSetupError)) throw err;
    io.write(`::error::runner-doctor: ${err.message}\n`);
    return 1;
  }
  const { log, errors } = createActionLog({ level: env.logLevel, write: io.write });
  if (env.eventName !== 'workflow_run' && env.eventName !== 'issue_comment') {
    log.error(
      { event: env.eventName },
      'runner-doctor runs on `workflow_run` (types: [completed]) and `issue_comment` events; ' +
        'see the README for the two workflows',
    );
    return 1;
  }
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(await readFile(env.eventPath, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    log.error({ file: env.eventPath }, `GITHUB_EVENT_PATH: cannot read the event payload (${(err as Error).message})`);
    return 1;
  }
  const action = payload.action;
  const wanted = env.eventName === 'workflow_run' ? 'completed' : 'created';
  if (action !== wanted) {
    log.info({ event: env.eventName, action }, 'nothing to do for this event action');
    return 0;
  }
  const catalog = await loadCatalog();
  const server = readServerConfig(io.env);
  const probot = new Probot({ githubToken: env.token, baseUrl: env.apiUrl, log });
  const octokit = await probot.auth();
  const deps = createAppDeps({
    catalog, buildFixes, server, fetchIdentity: () => Promise.resolve(GITHUB_ACTIONS_IDENTITY),
  });
  const event = { id: env.deliveryId, name: env.eventName, payload };
  const eventLog = log.child({ event: env.eventName });
  if (env.eventName === 'workflow_run') {
    await handleWorkflowRun(new Context<'workflow_run.completed'>(event as never, octokit, eventLog), deps);
  } else {
    await handleDiagnoseCommand(new Context<'issue_comment.created'>(event as never, octokit, eventLog), deps);
  }
  return errors() > 0 ? 1 : 0;
}
