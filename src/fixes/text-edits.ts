// Only the patch modules: the package index loads every differ (start-up of the CLI).
import { formatPatch, structuredPatch } from 'diff/lib/patch/create.js';

/** Replace text[start, end) with `text`. Offsets refer to the original text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Applies edits (offsets in the original text); overlapping edits are a bug in the caller. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  // Back to front; inserts at the same offset keep the order they were added in.
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => b.e.start - a.e.start || b.e.end - a.e.end || b.i - a.i);
  let out = text;
  let limit = Infinity;
  for (const { e } of sorted) {
    if (e.end > limit) throw new Error(`overlapping edits at offset ${e.start}`);
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

/**
 * A git-style unified diff of one file (`diff --git a/P b/P`, `--- a/P`, `+++ b/P`), rendered by
 * the `diff` package. Returns null when nothing changed.
 */
export function gitDiff(path: string, before: string, after: string): string | null {
  if (before === after) return null;
  const patch = structuredPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context: 3 });
  return formatPatch({ ...patch, isGit: true });
}
