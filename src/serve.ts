import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { Probot, run, Server } from 'probot';
import { PACKAGE_DIR } from './setup/package-dir.js';
import { createSetupHandler } from './setup/setup-handler.js';

/** The app as `probot run` loads it: this package's lib/index.js. */
const APP_PATH = join(PACKAGE_DIR, 'lib', 'index.js');

/** Whether Probot would find a private key: PRIVATE_KEY, PRIVATE_KEY_PATH, or one .pem file in `cwd`. */
function hasPrivateKey(env: NodeJS.ProcessEnv, cwd: string): boolean {
  if (env.PRIVATE_KEY?.trim() || env.PRIVATE_KEY_PATH?.trim()) return true;
  return readdirSync(cwd).some((f) => f.endsWith('.pem'));
}

/** No app yet: the setup page registers one (never in production, as in Probot). */
export function needsSetup(env: NodeJS.ProcessEnv, cwd: string): boolean {
  return env.NODE_ENV !== 'production' && (!env.APP_ID?.trim() || !hasPrivateKey(env, cwd));
}

/**
 * `runner-doctor serve` (`npm start`): `probot run` for the app when it is registered; otherwise our
 * setup page on HOST:PORT, whose manifest registers the webhook at WEBHOOK_PATH (see
 * src/setup/setup-handler.ts). Resolves once the server listens.
 */
export async function serve(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<Server> {
  // As `probot run` does: values in ./.env win over the environment.
  const envFile = join(cwd, '.env');
  if (existsSync(envFile)) Object.assign(env, parseEnv(readFileSync(envFile, 'utf8')));
  if (!needsSetup(env, cwd)) return run([APP_PATH], { env });
  const probotOptions = {
    appId: 1,
    // Setup mode never authenticates; Probot's Server still wants these (as in its own setup, probot#1512).
    privateKey: 'unused in setup mode',
    logLevel: (env.LOG_LEVEL ?? 'info') as 'info',
    logFormat: (env.LOG_FORMAT === 'json' || (!env.LOG_FORMAT && env.NODE_ENV === 'production') ? 'json' : 'pretty') as
      'json',
  };
  const probot = new Probot(probotOptions);
  await probot.ready();
  const log = probot.log.child({ name: 'setup' });
  const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
    name: string; version: string; description?: string; homepage?: string;
  };
  const appYmlPath = existsSync(join(cwd, 'app.yml')) ? join(cwd, 'app.yml') : join(PACKAGE_DIR, 'app.yml');
  const server = new Server({
    host: env.HOST || 'localhost',
    port: Number(env.PORT) || 3000,
    log: probot.log,
    Probot: Probot.defaults({ ...probotOptions, log: probot.log }),
  });
  server.addHandler(
    createSetupHandler({ env, appYml: readFileSync(appYmlPath, 'utf8'), pkg, envFile, log: log }),
  );
  await server.start();
  const page = `http://${hostForHumans(server.host)}:${server.port}`;
  log.info(`No GitHub App configured (APP_ID and PRIVATE_KEY): open ${page} to register one; restart afterwards.`);
  return server;
}

function hostForHumans(host: string): string {
  return host === '0.0.0.0' || host === '::' || host === '[::]' ? 'localhost' : host;
}
