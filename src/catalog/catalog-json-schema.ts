import { z } from 'zod';
import { catalogFileSchema } from './catalog-schema.js';

/** Where the published schema lives, relative to the repository root. */
export const CATALOG_JSON_SCHEMA_PATH = 'schema/catalog.schema.json';

/**
 * The catalog file schema as JSON Schema (draft-07, what editors' YAML plugins read): written to
 * CATALOG_JSON_SCHEMA_PATH by `npm run schema`, and checked fresh by the test suite.
 */
export function catalogJsonSchema(): string {
  const schema = z.toJSONSchema(catalogFileSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
