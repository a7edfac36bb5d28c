import { loadCatalog, type CompiledCatalog } from '../../src/catalog/load-catalog.js';

/** A catalog from YAML written in the test (no built-in entries). */
export function inlineCatalog(yamlText: string, file = 'test-catalog.yaml'): Promise<CompiledCatalog> {
  return loadCatalog({ builtin: false, extraTexts: [{ file, text: yamlText }] });
}

/** A GitHub-style log line: `2025-12-27T11:29:01.1234567Z text`, seconds counted from 11:29:00. */
export function ts(second: number, text: string): string {
  const s = String(second % 60).padStart(2, '0');
  const m = String(29 + Math.floor(second / 60)).padStart(2, '0');
  return `2025-12-27T11:${m}:${s}.1234567Z ${text}`;
}

/**
 * One more catalog entry, as the YAML lines of a list item (its pattern and literal: `one more needle`):
 * appended to a catalog file, or under `entries:`, it makes another catalog than the built-in one.
 */
export function oneMoreEntry(id: string, title: string): string {
  return [
    `  - id: ${id}`,
    `    title: ${title}`,
    '    role: symptom',
    '    category: test',
    '    priority: 1',
    "    patterns: ['one more needle']",
    '    explanation: x',
    '    examples: [{ line: one more needle }]',
    "    counterexamples: ['one less needle']",
    '',
  ].join('\n');
}
