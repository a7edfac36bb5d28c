import type { Captures, JobContext } from './types.js';
import { missingHookTools, NIXERY_PACKAGE_FOR_TOOL } from './nixery.js';

/**
 * Named checks of what is known about a job besides its log, for catalog inference rules
 * (`infer[].check`), the way `fix.generator` names a fix generator. A check returns the captures
 * the entry's templates use when it holds, else null.
 */
export const CONTEXT_CHECKS: Record<string, (job: JobContext) => Captures | null> = {
  /** The job image is a Nixery image whose path lacks packages for tools the k8s hooks exec. */
  'nixery-missing-hook-tools': (job) => {
    const image = job.containerImage;
    if (!image || job.containerImageIsExpression) return null;
    const missing = missingHookTools(image);
    if (!missing || missing.length === 0) return null;
    return {
      tool: missing[0]!,
      tools: missing,
      image,
      packages: [...new Set(missing.map((t) => NIXERY_PACKAGE_FOR_TOOL[t]))],
    };
  },
};
