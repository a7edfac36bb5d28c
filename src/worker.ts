import { createProbot } from 'probot';
import { createRunnerDoctor } from './index.js';

/**
 * Wiring of `runner-doctor worker`: the app's Probot (for installation tokens; Probot's own rate
 * limiter shares REDIS_URL too) and the queue workers, no web server.
 */
export async function startWorker(env: NodeJS.ProcessEnv): Promise<void> {
  if (!env.REDIS_URL) throw new Error('runner-doctor worker needs REDIS_URL: it works on the events queued in Redis');
  if (!env.APP_ID || !(env.PRIVATE_KEY || env.PRIVATE_KEY_PATH)) {
    throw new Error('runner-doctor worker needs APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH), as the app does');
  }
  const probot = createProbot({ env });
  await probot.load(createRunnerDoctor({ role: 'worker', env }));
}
