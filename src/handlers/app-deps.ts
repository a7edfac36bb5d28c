import type { CompiledCatalog } from '../catalog/load-catalog.js';
import type { ProbeDiagnosis } from '../cluster/types.js';
import { DEFAULT_SERVER_CONFIG, type ServerConfig } from '../config/server-config.js';
import type { RequestPolicy } from '../github/request-policy.js';
import type { AppIdentity } from '../github/upsert-sticky-comment.js';
import { ByteBudget } from '../state/byte-budget.js';
import { CommandLimiter } from '../state/command-limiter.js';
import { KeyedLock } from '../state/keyed-lock.js';
import { MemoryClaims } from '../state/memory-claims.js';
import { RecentKeys } from '../state/recent-keys.js';
import type { ClaimStore, PrLock } from '../state/shared-state.js';
import type { BuildFixes, DiagnoseRunParams } from './diagnose-run.js';
import type { InfrastructureRule } from '../history/classify.js';
import type { HistoryStore } from '../history/history-store.js';

/** What the handlers share for the life of the process (built once in `src/index.ts`). */
export interface AppDeps {
  /** The built-in catalog, compiled once at start. */
  catalog: CompiledCatalog;
  /** This app's slug and id (to recognise its own comments); resolved lazily, cached. */
  identity: () => Promise<AppIdentity>;
  /** Live cluster probes, when the server is configured for them. */
  probe?: ProbeDiagnosis | null;
  /** Serialises comment writes per pull request (in process, or across replicas on Redis). */
  locks: PrLock;
  /** Delivery and run-attempt claims (in process, or across replicas on Redis). */
  claims: ClaimStore;
  /** Delivery ids, run attempts and one-time replies already handled. */
  seen: RecentKeys;
  /** Log bytes held at once across all jobs (`LOG_MEMORY_BUDGET`). */
  logBudget: ByteBudget;
  /** `/diagnose`: one at a time per PR, cooldowns per PR and per person. */
  commands: CommandLimiter;
  /** The operator's limits (environment). */
  server: ServerConfig;
  /** Turns a diagnosis into one with fix diffs (src/fixes/build-fixes.ts). */
  buildFixes: BuildFixes;
  /** Timeouts and bounded retries for every GitHub request of an event. */
  requestPolicy: RequestPolicy;
  /** Classification of failed jobs and the history store (null store: classify without recording). */
  history: { store: HistoryStore | null; infrastructure: InfrastructureRule } | null;
}

/** Builds the shared state; `fetchIdentity` is called once, again only if it failed. */
export function createAppDeps(opts: {
  catalog: CompiledCatalog;
  fetchIdentity: () => Promise<AppIdentity>;
  buildFixes: BuildFixes;
  probe?: ProbeDiagnosis | null;
  /** Default: DEFAULT_SERVER_CONFIG (src/config/server-config.ts). */
  server?: Partial<ServerConfig>;
  /** How retries wait (tests pass one that does not). Default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  history?: AppDeps['history'];
  /** Shared state for several replicas (src/queue/queue-runtime.ts); default in this process. */
  claims?: ClaimStore;
  locks?: PrLock | null;
}): AppDeps {
  let cached: Promise<AppIdentity> | null = null;
  const server = { ...DEFAULT_SERVER_CONFIG, ...opts.server };
  return {
    catalog: opts.catalog,
    identity: () => {
      cached ??= opts.fetchIdentity().catch((err: unknown) => {
        cached = null;
        throw err;
      });
      return cached;
    },
    buildFixes: opts.buildFixes,
    probe: opts.probe ?? null,
    history: opts.history ?? null,
    locks: opts.locks ?? new KeyedLock(),
    claims: opts.claims ?? new MemoryClaims(),
    seen: new RecentKeys(10_000),
    logBudget: new ByteBudget(server.logMemoryBudget),
    commands: new CommandLimiter({
      prCooldownMs: server.diagnosePrCooldownMs,
      userCooldownMs: server.diagnoseUserCooldownMs,
    }),
    server,
    requestPolicy: {
      timeoutMs: server.requestTimeoutMs,
      maxWaitMs: server.rateLimitMaxWaitMs,
      ...(opts.sleep ? { sleep: opts.sleep } : {}),
    },
  };
}

/** The parts of the shared state that diagnosing a run needs. */
export function runDeps(deps: AppDeps): Pick<DiagnoseRunParams, 'probe' | 'buildFixes' | 'logBudget' | 'server'> {
  return { probe: deps.probe ?? null, buildFixes: deps.buildFixes, logBudget: deps.logBudget, server: deps.server };
}
