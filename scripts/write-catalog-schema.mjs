// Writes the JSON Schemas of the catalog files and of `.github/runner-doctor.yml` (for editors:
// `# yaml-language-server: $schema=...`) from the zod schemas the code validates with. Run after
// `npm run build`; the test suite checks they are fresh.
import { writeFileSync } from 'node:fs';
import { CATALOG_JSON_SCHEMA_PATH, catalogJsonSchema } from '../lib/catalog/catalog-json-schema.js';
import { REPO_CONFIG_JSON_SCHEMA_PATH, repoConfigJsonSchema } from '../lib/config/repo-config-schema.js';

for (const [file, text] of [
  [CATALOG_JSON_SCHEMA_PATH, catalogJsonSchema()],
  [REPO_CONFIG_JSON_SCHEMA_PATH, repoConfigJsonSchema()],
]) {
  writeFileSync(new URL(`../${file}`, import.meta.url), text);
  console.log(`wrote ${file}`);
}
