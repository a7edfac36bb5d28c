import yaml from 'js-yaml';

/**
 * What the manifest flow posts to GitHub
 * (https://docs.github.com/apps/sharing-github-apps/registering-a-github-app-from-a-manifest).
 */
export interface AppManifest {
  name?: string;
  url?: string;
  description?: string;
  public?: boolean;
  hook_attributes: { url: string; active: boolean };
  redirect_url: string;
  default_events?: string[];
  default_permissions?: Record<string, string>;
  [field: string]: unknown;
}

/**
 * app.yml with the two addresses only this server knows: the webhook (chosen by chooseWebhookUrl)
 * and where GitHub sends the browser back with the code. A `hook_attributes` in app.yml is replaced:
 * a fixed URL there would be wrong for every other deployment.
 */
export function buildManifest(
  appYml: string,
  pkg: { name: string; description?: string; homepage?: string },
  where: { baseUrl: string; webhookUrl: string },
): AppManifest {
  const parsed = yaml.load(appYml);
  if (parsed !== undefined && (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))) {
    throw new Error('app.yml: expected a mapping of manifest fields (name, default_permissions, ...)');
  }
  const fields = (parsed ?? {}) as Record<string, unknown>;
  return {
    name: pkg.name,
    ...(pkg.description ? { description: pkg.description } : {}),
    ...(pkg.homepage ? { url: pkg.homepage } : {}),
    public: false,
    ...fields,
    hook_attributes: { url: where.webhookUrl, active: true },
    redirect_url: `${where.baseUrl}/probot/setup`,
  };
}
