import { lstat, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
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
 * Refuses paths that leave `cwd` (also through a symlink), files with more than one hard link (another
 * name may be outside `cwd`), files changed since they were read (`originals`), and patches that do
 * not apply; applies the diff text itself, so what is written is what was shown.
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
  const realPaths = new Map<string, { path: string; mode: number }>();
  const seenDiffs = new Set<string>();
  for (const finding of diagnosis.findings) {
    const diff = finding.fix?.diff;
    if (!diff || seenDiffs.has(diff)) continue;
    seenDiffs.add(diff);
    let patches;
    try {
      patches = parsePatch(diff);
    } catch (err) {
      const file = finding.fix?.files?.[0] ?? finding.id;
      refuse(file, `the diff of ${finding.id} does not parse: ${(err as Error).message}`);
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
      const st = await lstat(real);
      if (!st.isFile()) {
        refuse(rel, 'not a regular file');
        continue;
      }
      if (st.nlink > 1) {
        const why = 'another name for it may be outside the current directory; refusing to write through it';
        refuse(rel, `the file has ${st.nlink} hard links, and ${why}`);
        continue;
      }
      realPaths.set(rel, { path: real, mode: st.mode & 0o7777 });
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
    await replaceFile(realPaths.get(rel)!, text);
    result.written.push(rel);
  }
  return result;
}

/**
 * Writes a new file next to the old one and renames it over it: the directory entry is replaced, so a
 * hard link made after the check still points at the old text instead of being written through.
 */
async function replaceFile(target: { path: string; mode: number }, text: string): Promise<void> {
  const tmp = `${target.path}.runner-doctor-${process.pid}.tmp`;
  try {
    await writeFile(tmp, text, { encoding: 'utf8', flag: 'wx', mode: target.mode });
    await rename(tmp, target.path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
