import type { Probot } from 'probot';
import { CatalogError, loadCatalog } from './catalog/load-catalog.js';
import { createProbeFromEnv } from './cluster/create-probe.js';
import { buildFixes } from './fixes/build-fixes.js';
import { createAppDeps } from './handlers/app-deps.js';
import { handleDiagnoseCommand } from './handlers/handle-diagnose-command.js';
import { handleWorkflowRun } from './handlers/handle-workflow-run.js';

/**
 * The Probot app: wiring only. The built-in catalog is compiled once here, so a broken catalog
 * stops the server at start instead of failing every webhook.
 */
export default async function runnerDoctor(app: Probot): Promise<void> {
  let catalog;
  try {
    catalog = await loadCatalog();
  } catch (err) {
    if (err instanceof CatalogError) {
      throw new Error(`runner-doctor: the built-in catalog is invalid, fix it before starting the app: ${err.message}`);
    }
    throw err;
  }
  // Live cluster probes: null unless KUBE_PROBES=1; a bad setting stops the start with what to set.
  const probe = createProbeFromEnv(process.env, app.log);
  const deps = createAppDeps({
    catalog,
    buildFixes,
    probe,
    fetchIdentity: async () => {
      const { data } = await (await app.auth()).rest.apps.getAuthenticated();
      if (!data) throw new Error('GET /app returned no app');
      return { slug: data.slug ?? '', id: data.id };
    },
  });
  app.on('workflow_run.completed', (context) => handleWorkflowRun(context, deps));
  app.on('issue_comment.created', (context) => handleDiagnoseCommand(context, deps));
}
