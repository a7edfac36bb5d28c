import { Context, type ApplicationFunctionOptions, type Probot } from 'probot';
import { CatalogError } from './catalog/catalog-error.js';
import { loadCatalog } from './catalog/load-catalog.js';
import { createProbeFromEnv } from './cluster/create-probe.js';
import { readServerConfig } from './config/server-config.js';
import { buildFixes } from './fixes/build-fixes.js';
import { reportAccessProblems } from './github/report-access-problems.js';
import { applyRequestPolicy } from './github/request-policy.js';
import { createAppDeps } from './handlers/app-deps.js';
import { handleDiagnoseCommand } from './handlers/handle-diagnose-command.js';
import { handleWorkflowRun } from './handlers/handle-workflow-run.js';
import type { JobQueue, WebhookJob } from './queue/job-queue.js';
import { readQueueConfig } from './queue/queue-config.js';
import { createQueueRuntime } from './queue/queue-runtime.js';
import { guardWebhookBody } from './server/guard-webhook-body.js';
import { startHistory, type HistoryRuntime } from './history/history-runtime.js';
import { metricsHandler } from './server/metrics-handler.js';
import { statsHandler } from './server/stats-handler.js';
import { handleShutdown } from './server/handle-shutdown.js';
import { RecentKeys } from './state/recent-keys.js';

export interface RunnerDoctorOptions {
  /**
   * Builds the queue that accepted events wait in, given what processes a job (tests keep it to
   * wait for `onIdle`). Default: in this process, 4 events at a time.
   */
  queue?: (process: (job: WebhookJob) => Promise<void>) => JobQueue;
  /** Where the limits are read from (src/config/server-config.ts). Default process.env. */
  env?: Record<string, string | undefined>;
  /** How retries wait; tests record the waits instead. Default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Receives the opened history store (tests read and close it). */
  onHistory?: (history: HistoryRuntime) => void;
  /**
   * `worker`: run queued events only (`runner-doctor worker`, Redis mode); webhooks are served
   * by other replicas. Default: answer webhooks, and work on events unless RUN_WORKERS=false.
   */
  role?: 'app' | 'worker';
  /** The clock of the once-an-hour access problem log lines (tests move it). Default Date.now. */
  now?: () => number;
}

/** A missing permission or a suspended installation is logged this often per installation, not per event. */
type RouteHandler = ApplicationFunctionOptions['addHandler'] extends (h: infer H) => void ? H : never;

const ACCESS_PROBLEM_WINDOW_MS = 60 * 60 * 1000;

/**
 * The Probot app: wiring only. The built-in catalog is loaded here with every pattern compiled, so
 * a broken entry stops the start with a CatalogError naming its file and entry, instead of
 * failing the first webhook whose log reaches it. Webhooks are answered as soon as the event is
 * queued; the diagnosis runs after.
 */
export function createRunnerDoctor(options: RunnerDoctorOptions = {}) {
  return async function runnerDoctor(app: Probot, appOptions?: ApplicationFunctionOptions): Promise<void> {
    guardWebhooks(app);
    let catalog;
    try {
      catalog = await loadCatalog();
    } catch (err) {
      if (err instanceof CatalogError) {
        throw new Error(
          `runner-doctor: the built-in catalog is invalid, fix it before starting the app: ${err.message}`,
        );
      }
      throw err;
    }
    const env = options.env ?? process.env;
    // A bad limit stops the start, naming the variable.
    const server = readServerConfig(env);
    const queueConfig = readQueueConfig(env);
    if (options.role === 'worker' && !queueConfig.redisUrl) {
      throw new Error('runner-doctor worker needs REDIS_URL: it works on the events the app replicas queue in Redis');
    }
    // Live cluster probes: null unless KUBE_PROBES=1; a bad setting stops the start with what to set.
    const probe = createProbeFromEnv(env, app.log);
    // A custom queue (tests) keeps everything in process.
    const runtime = createQueueRuntime(options.queue ? { ...queueConfig, redisUrl: null } : queueConfig, app.log);
    // The history store (SQLite file by default, DATABASE_URL for PostgreSQL); a bad setting stops the start.
    const history = await startHistory(env, app.log);
    options.onHistory?.(history);
    serveRoute(appOptions, metricsHandler);
    serveRoute(appOptions, statsHandler(history.store, history.statsToken));
    const deps = createAppDeps({
      claims: runtime.claims,
      locks: runtime.locks,
      history: { store: history.store, infrastructure: history.infrastructure },
      catalog,
      buildFixes,
      probe,
      server,
      ...(options.sleep ? { sleep: options.sleep } : {}),
      fetchIdentity: async () => {
        const octokit = applyRequestPolicy(await app.auth(), {
          timeoutMs: server.requestTimeoutMs,
          maxWaitMs: server.rateLimitMaxWaitMs,
        });
        const { data } = await octokit.rest.apps.getAuthenticated();
        if (!data) throw new Error('GET /app returned no app');
        return { slug: data.slug ?? '', id: data.id };
      },
    });
    const accessProblems = new RecentKeys(10_000, ACCESS_PROBLEM_WINDOW_MS, options.now);
    const work = async (job: WebhookJob): Promise<void> => {
      const installationId = (job.payload.installation as { id?: unknown } | undefined)?.id as number;
      const octokit = await app.auth(installationId);
      const log = app.log.child({ name: 'event', id: job.id });
      const repo = (job.payload.repository as { full_name?: unknown } | undefined)?.full_name;
      reportAccessProblems(octokit, {
        installationId,
        repo: typeof repo === 'string' ? repo : 'this repository',
        log: app.log,
        once: accessProblems,
      });
      if (job.name === 'workflow_run') {
        await handleWorkflowRun(new Context<'workflow_run.completed'>(job as never, octokit, log), deps);
      } else {
        await handleDiagnoseCommand(new Context<'issue_comment.created'>(job as never, octokit, log), deps);
      }
    };
    const queue = options.queue
      ? options.queue(work)
      : runtime.createQueue(options.role === 'worker' || queueConfig.runWorkers ? work : null);
    app.log.info(
      { outcome: 'queue-ready', mode: runtime.mode, role: options.role ?? 'app', workers: queueConfig.runWorkers },
      runtime.mode === 'redis' ? 'events go through the Redis queue' : 'events are queued in this process',
    );
    if (!options.queue) handleShutdown({ queue, runtime, graceMs: queueConfig.graceMs, log: app.log });
    if (options.role === 'worker') return;
    const accept = (name: WebhookJob['name']) => async (context: { id: string; payload: unknown }) => {
      const payload = context.payload as Record<string, unknown>;
      const installation = (payload.installation as { id?: unknown } | undefined)?.id;
      if (!Number.isSafeInteger(installation) || (installation as number) < 1) {
        app.log.warn(
          { outcome: 'malformed-payload', field: 'installation.id', delivery: context.id },
          `${name} ignored`,
        );
        return;
      }
      const outcome = await queue.add({ id: context.id, name, payload });
      if (outcome === 'duplicate') {
        app.log.info({ outcome: 'duplicate-delivery', delivery: context.id }, `${name} already queued`);
      }
    };
    app.on('workflow_run.completed', accept('workflow_run'));
    app.on('issue_comment.created', accept('issue_comment'));
  };
}

/**
 * Adds /metrics or /stats to Probot's server. `probot receive` (one event from a file) has no
 * server, and its addHandler throws "No server instance": the event is still handled there.
 */
function serveRoute(appOptions: ApplicationFunctionOptions | undefined, handler: RouteHandler): void {
  try {
    appOptions?.addHandler?.(handler);
  } catch (err) {
    if ((err as Error).message !== 'No server instance') throw err;
  }
}

/**
 * Probot's webhook middleware reads any body whole and logs it when the signature is wrong. Both
 * `probot run` (its Server) and `createNodeMiddleware` ask the app's Probot instance for that
 * middleware after loading the app, so wrapping the instance's method here puts the size cap and
 * the signature check in front on every entry point.
 */
function guardWebhooks(app: Probot): void {
  const original = app.getNodeMiddleware.bind(app);
  app.getNodeMiddleware = async (opts = {}) => {
    const inner = await original(opts);
    return guardWebhookBody(inner, {
      path: opts.path ?? app.webhookPath,
      verify: (body, signature) => app.webhooks.verify(body, signature),
      log: app.log,
    }) as typeof inner;
  };
}

export default createRunnerDoctor();
