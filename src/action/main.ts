// The Action's entry point (bundled into dist/ by `npm run build:action`; see action.yml).
import { runAction } from './run-action.js';

process.exitCode = await runAction({ env: process.env, write: (text) => process.stdout.write(text) });
