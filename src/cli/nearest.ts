import { distance } from 'fastest-levenshtein';

/**
 * The known word nearest to a typo, or null when none is close (within a third of its length, at
 * least 2 edits), for "did you mean" in usage errors.
 */
export function nearest(typo: string, known: Iterable<string>): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  const t = typo.toLowerCase();
  for (const word of known) {
    const d = distance(t, word.toLowerCase());
    if (d < bestDistance) {
      best = word;
      bestDistance = d;
    }
  }
  if (best === null) return null;
  return bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : null;
}
