// Writes the catalog files' JSON Schema (for editors: `# yaml-language-server: $schema=...`) from the
// one zod schema the loader validates with. Run after `npm run build`; the test suite checks it is fresh.
import { writeFileSync } from 'node:fs';
import { CATALOG_JSON_SCHEMA_PATH, catalogJsonSchema } from '../lib/catalog/catalog-json-schema.js';

writeFileSync(new URL(`../${CATALOG_JSON_SCHEMA_PATH}`, import.meta.url), catalogJsonSchema());
console.log(`wrote ${CATALOG_JSON_SCHEMA_PATH}`);
