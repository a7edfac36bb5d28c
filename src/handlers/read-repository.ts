/** The repository an event belongs to, or the name of the missing field. */
export function readRepository(
  payload: Record<string, unknown>,
): { owner: string; repo: string; repoId: number } | string {
  const r = payload.repository as { id?: unknown; name?: unknown; owner?: { login?: unknown } } | undefined;
  if (!r || typeof r !== 'object') return 'repository';
  if (typeof r.id !== 'number') return 'repository.id';
  if (typeof r.name !== 'string') return 'repository.name';
  if (typeof r.owner?.login !== 'string') return 'repository.owner.login';
  return { owner: r.owner.login, repo: r.name, repoId: r.id };
}
