#!/usr/bin/env node
// Runs the CLI built by `npm ci` (through the `prepare` script): the bundle lib/bundle/cli.js,
// which loads in a few files instead of ~50 modules (start-up, issue 13), else the compiled
// modules in lib/ (same source, same output). A bundle that is missing or does not load falls
// back to lib/ (nothing has run yet); RUNNER_DOCTOR_BUNDLE=0 asks for lib/.
async function load() {
  if (process.env.RUNNER_DOCTOR_BUNDLE !== '0') {
    try {
      return await import('../lib/bundle/cli.js');
    } catch {
      // Fall through to the modules in lib/.
    }
  }
  return import('../lib/cli.js');
}

const { main, processIo } = await load();
process.exitCode = await main(process.argv.slice(2), processIo());
