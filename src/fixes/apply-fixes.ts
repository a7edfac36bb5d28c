import { readFile, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { applyPatch } from 'diff/lib/patch/apply.js';
import { parsePatch } from 'diff/lib/patch/parse.js';
import type { Diagnosis } from '../engine/types.js';

export interface ApplyResult {
  written: string[];
  refused: { path: string; reason: string }[];
}

function stripPrefix(name: string | undefined): string | null {
  if (!name) return null;
  return name.replace(/^[ab]\//, '');
}

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * `runner-doctor diagnose ... --apply`: applies each finding's diff to the files under `cwd`.
 * Refuses paths that leave `cwd`, files changed since they were read (`originals`), and patches
 * that do not apply; applies the diff text itself, so what is written is what was shown.
 */
export async function applyFixes(
  diagnosis: Diagnosis,
  opts: { cwd: string; originals: Map<string, string> },
): Promise<{ written: string[]; refused: { path: string; reason: string }[] }> {
  const result: ApplyResult = { written: [], refused: [] };
  const root = await realpath(opts.cwd);
  // Several findings may change the same file: apply in order on the running text.
  const pending = new Map<string, string>();
  const asRead = new Map<string, string>();
  const refusedPaths = new Set<string>();
  const refuse = (p: string, reason: string) => {
    if (!refusedPaths.has(p)) result.refused.push({ path: p, reason });
    refusedPaths.add(p);
  };
  const seenDiffs = new Set<string>();
  for (const finding of diagnosis.findings) {
    const diff = finding.fix?.diff;
    if (!diff || seenDiffs.has(diff)) continue;
    seenDiffs.add(diff);
    let patches;
    try {
      patches = parsePatch(diff);
    } catch (err) {
      refuse(finding.fix?.files?.[0] ?? finding.id, `the diff of ${finding.id} does not parse: ${(err as Error).message}`);
      continue;
    }
    for (const patch of patches) {
      const rel = stripPrefix(patch.newFileName) ?? stripPrefix(patch.oldFileName);
      if (!rel) {
        refuse(finding.id, 'the diff names no file');
        continue;
      }
      if (refusedPaths.has(rel)) continue;
      if (path.isAbsolute(rel) || rel.split(/[\\/]/).includes('..')) {
        refuse(rel, 'the path leaves the current directory; refusing to write outside it');
        continue;
      }
      const abs = path.resolve(root, rel);
      let real: string;
      try {
        real = await realpath(abs);
      } catch {
        refuse(rel, 'the file does not exist under the current directory');
        continue;
      }
      if (!inside(root, real)) {
        refuse(rel, 'the path resolves outside the current directory (symlink); refusing to write there');
        continue;
      }
      let current = pending.get(rel);
      if (current === undefined) {
        const onDisk = await readFile(real, 'utf8');
        const original = opts.originals.get(rel);
        if (original === undefined) {
          refuse(rel, 'the file was not read for this diagnosis; run again with it');
          continue;
        }
        if (onDisk !== original) {
          refuse(rel, 'the file changed since it was read; run the diagnosis again');
          continue;
        }
        current = onDisk;
        asRead.set(rel, onDisk);
      }
      // Each diff was made against the file as read; when an earlier one touched the lines
      // around a later one's hunk, allow that context to differ (removed lines must still match).
      let next = applyPatch(current, patch);
      if (next === false && current !== asRead.get(rel)) next = applyPatch(current, patch, { fuzzFactor: 3 });
      if (next === false) {
        refuse(rel, `the diff of ${finding.id} does not apply to the file as it is now`);
        continue;
      }
      pending.set(rel, next);
    }
  }
  for (const [rel, text] of pending) {
    if (refusedPaths.has(rel) || text === asRead.get(rel)) continue;
    await writeFile(path.resolve(root, rel), text, 'utf8');
    result.written.push(rel);
  }
  return result;
}
