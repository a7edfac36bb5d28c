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
