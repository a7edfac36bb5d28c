// Prints one version's section of CHANGELOG.md (the lines under `## [X.Y.Z]` up to the next `## ` heading):
// the GitHub release notes of that version (.github/workflows/release.yml).
//   node scripts/changelog-section.mjs v0.1.0 [CHANGELOG.md]
// Exit 1 with a message naming the file and the version when the section is missing or empty.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The section of `version` (a leading `v` is ignored) in a Keep a Changelog text, trimmed; null when absent. */
export function changelogSection(text, version) {
  const wanted = version.replace(/^v/, '');
  const lines = text.split(/\r?\n/);
  // `## [0.1.0]`, `## [0.1.0] - 2026-01-01`, `## 0.1.0`.
  const heading = (l) => /^##\s+\[?([^\]\s]+)\]?/.exec(l)?.[1];
  const start = lines.findIndex((l) => heading(l) === wanted);
  if (start < 0) return null;
  const end = lines.findIndex((l, i) => i > start && /^##\s/.test(l));
  return lines.slice(start + 1, end < 0 ? lines.length : end).join('\n').trim();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [version, file = 'CHANGELOG.md'] = process.argv.slice(2);
  if (!version) {
    console.error('usage: node scripts/changelog-section.mjs <version, e.g. v0.1.0> [CHANGELOG.md]');
    process.exit(2);
  }
  const section = changelogSection(readFileSync(file, 'utf8'), version);
  if (!section) {
    const heading = `## [${version.replace(/^v/, '')}]`;
    console.error(`${file}: no notes for ${version}: add a "${heading}" section with the changes`);
    process.exit(1);
  }
  console.log(section);
}
