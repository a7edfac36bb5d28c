/** What the Action reads from the environment GitHub sets for a step (and the `with:` inputs). */
export interface ActionEnv {
  token: string;
  eventName: string;
  eventPath: string;
  apiUrl: string;
  /** Unique per run attempt: the handlers' delivery id (they skip a delivery they already handled). */
  deliveryId: string;
  logLevel: string;
}

const LOG_LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

/** Thrown for a missing or bad setting; the message says what to set. */
export class ActionSetupError extends Error {}

/**
 * `with: github-token` arrives as `INPUT_GITHUB-TOKEN` (the runner upper-cases the name and keeps
 * the dash); without it the step's `GITHUB_TOKEN` is used.
 */
export function readActionEnv(env: Record<string, string | undefined>): ActionEnv {
  const token = env['INPUT_GITHUB-TOKEN']?.trim() || env.GITHUB_TOKEN?.trim();
  if (!token) {
    throw new ActionSetupError(
      'no token: pass `with: github-token: ${{ secrets.GITHUB_TOKEN }}` (the default) ' +
        "or set GITHUB_TOKEN in the step's env",
    );
  }
  const eventName = env.GITHUB_EVENT_NAME;
  const eventPath = env.GITHUB_EVENT_PATH;
  if (!eventName || !eventPath) {
    throw new ActionSetupError(
      'GITHUB_EVENT_NAME and GITHUB_EVENT_PATH are not set: run this as a step of a GitHub Actions job',
    );
  }
  const logLevel = (env['INPUT_LOG-LEVEL']?.trim() || 'info').toLowerCase();
  if (!LOG_LEVELS.has(logLevel)) {
    throw new ActionSetupError(`log-level: "${logLevel}" is not one of ${[...LOG_LEVELS].join(', ')}`);
  }
  return {
    token,
    eventName,
    eventPath,
    apiUrl: (env.GITHUB_API_URL?.trim() || 'https://api.github.com').replace(/\/+$/, ''),
    deliveryId: `action-${env.GITHUB_RUN_ID ?? 'local'}-${env.GITHUB_RUN_ATTEMPT ?? '1'}`,
    logLevel,
  };
}
