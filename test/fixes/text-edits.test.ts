import { describe, expect, it } from 'vitest';
import { applyEdits, gitDiff } from '../../src/fixes/text-edits.js';

describe('applyEdits', () => {
  it('applies edits by original offsets; inserts at one offset keep their order', () => {
    expect(applyEdits('abcdef', [{ start: 1, end: 2, text: 'B' }, { start: 4, end: 4, text: 'x' }, { start: 4, end: 4, text: 'y' }])).toBe('aBcdxyef');
  });
  it('rejects overlapping edits', () => {
    expect(() => applyEdits('abcdef', [{ start: 1, end: 4, text: '' }, { start: 2, end: 3, text: 'z' }])).toThrow('overlapping edits');
  });
});

describe('gitDiff', () => {
  it('git headers with a/ b/ paths as given; null when nothing changed', () => {
    expect(gitDiff('dir/f.yml', 'a\nb\n', 'a\nc\n')).toBe('diff --git a/dir/f.yml b/dir/f.yml\n--- a/dir/f.yml\n+++ b/dir/f.yml\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n');
    expect(gitDiff('f.yml', 'same\n', 'same\n')).toBeNull();
  });
  it('keeps CR in CRLF lines', () => {
    expect(gitDiff('f', 'a\r\nb\r\n', 'a\r\nc\r\n')).toContain('\n-b\r\n+c\r\n');
  });
});
