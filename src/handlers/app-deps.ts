import type { CompiledCatalog } from '../catalog/load-catalog.js';
import type { ProbeDiagnosis } from '../cluster/types.js';
import type { BuildFixes, DiagnoseRunParams } from './diagnose-run.js';
import { RecentKeys } from '../github/delivery-dedupe.js';
import { KeyedLock } from '../github/pr-lock.js';
import { Semaphore } from './semaphore.js';
import type { AppIdentity } from '../github/upsert-sticky-comment.js';

/** What the handlers share for the life of the process (built once in `src/index.ts`). */
export interface AppDeps {
  /** The built-in catalog, compiled once at start. */
  catalog: CompiledCatalog;
  /** This app's slug and id (to recognise its own comments); resolved lazily, cached. */
  identity: () => Promise<AppIdentity>;
  /** Live cluster probes, when the server is configured for them. */
  probe?: ProbeDiagnosis | null;
  /** Serialises comment writes per pull request. */
  locks: KeyedLock;
  /** Delivery ids, run attempts and permission replies already handled. */
  seen: RecentKeys;
  /** Per-job log download timeout (default 120 s). */
  logTimeoutMs?: number;
  /** Jobs downloaded and diagnosed at once across all events (each holds up to maxLogBytes). */
  jobSlots: Semaphore;
  /** Turns a diagnosis into one with fix diffs (src/fixes/build-fixes.ts). */
  buildFixes: BuildFixes;
}

/** Builds the shared state; `fetchIdentity` is called once, again only if it failed. */
export function createAppDeps(opts: {
  catalog: CompiledCatalog;
  fetchIdentity: () => Promise<AppIdentity>;
  buildFixes: BuildFixes;
  probe?: ProbeDiagnosis | null;
  logTimeoutMs?: number;
  /** Default 4. */
  concurrentJobs?: number;
}): AppDeps {
  let cached: Promise<AppIdentity> | null = null;
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
    locks: new KeyedLock(),
    seen: new RecentKeys(10_000),
    jobSlots: new Semaphore(opts.concurrentJobs ?? 4),
    ...(opts.logTimeoutMs !== undefined ? { logTimeoutMs: opts.logTimeoutMs } : {}),
  };
}

/** The parts of the shared state that diagnosing a run needs. */
export function runDeps(deps: AppDeps): Pick<DiagnoseRunParams, 'probe' | 'buildFixes' | 'jobSlots' | 'logTimeoutMs'> {
  return {
    probe: deps.probe ?? null,
    buildFixes: deps.buildFixes,
    jobSlots: deps.jobSlots,
    ...(deps.logTimeoutMs !== undefined ? { logTimeoutMs: deps.logTimeoutMs } : {}),
  };
}
