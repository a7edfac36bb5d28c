import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changelogSection } from '../../scripts/changelog-section.mjs';

const CHANGELOG = `# Changelog

## [Unreleased]

## [1.2.0] - 2026-03-01

### Added
- the new thing

### Fixed
- the old thing

## [1.1.0]
- older
`;

function run(args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'rd-changelog-'));
  writeFileSync(join(dir, 'CHANGELOG.md'), CHANGELOG);
  const r = spawnSync(process.execPath, [join(process.cwd(), 'scripts/changelog-section.mjs'), ...args],
    { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('scripts/changelog-section.mjs', () => {
  it('gives the lines under the version\'s heading up to the next one, with or without the tag\'s v', () => {
    const expected = '### Added\n- the new thing\n\n### Fixed\n- the old thing';
    expect(changelogSection(CHANGELOG, 'v1.2.0')).toBe(expected);
    expect(changelogSection(CHANGELOG, '1.2.0')).toBe(expected);
    expect(changelogSection(CHANGELOG, 'v1.1.0')).toBe('- older');
    expect(changelogSection(CHANGELOG.replace(/\n/g, '\r\n'), 'v1.1.0')).toBe('- older');
  });

  it('finds no section for an unknown version, nor for a prefix of a known one', () => {
    expect(changelogSection(CHANGELOG, 'v1.3.0')).toBeNull();
    expect(changelogSection(CHANGELOG, 'v1.2')).toBeNull();
  });

  it('prints the section; a missing or empty one is exit 1 naming the file and what to add', () => {
    const out = '### Added\n- the new thing\n\n### Fixed\n- the old thing\n';
    expect(run(['v1.2.0'])).toEqual({ code: 0, out, err: '' });
    const missing = run(['v2.0.0']);
    expect(missing.code).toBe(1);
    expect(missing.out).toBe('');
    expect(missing.err).toBe('CHANGELOG.md: no notes for v2.0.0: add a "## [2.0.0]" section with the changes\n');
    expect(run(['Unreleased']).code).toBe(1);
    expect(run([]).code).toBe(2);
  });
});
