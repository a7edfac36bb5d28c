import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { InfrastructureRule } from './classify.js';

const FILE = fileURLToPath(new URL('../../catalog/classification.json', import.meta.url));

/** Reads catalog/classification.json; a broken file is an error naming it and the field. */
export function loadInfrastructureRule(file = FILE): InfrastructureRule {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { infrastructure?: { categories?: unknown; except?: unknown } };
  const list = (v: unknown, field: string): string[] => {
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
      throw new Error(`${file}: infrastructure.${field} must be a list of strings`);
    }
    return v;
  };
  return {
    categories: new Set(list(raw.infrastructure?.categories, 'categories')),
    except: new Set(list(raw.infrastructure?.except ?? [], 'except')),
  };
}
