#!/usr/bin/env node
// Runs the compiled CLI (built by `npm ci` through the `prepare` script).
import { main } from '../lib/cli.js';
import { processIo } from '../lib/cli/cli-io.js';

process.exitCode = await main(process.argv.slice(2), processIo());
