// bin/runner-doctor.js runs the bundle when it loads, else lib/ (never fails for want of a bundle).
// Checked on a copy of the launcher next to stand-in modules that say which one ran; the real
// bundle's output is checked in bundle-same-output.test.ts.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const LAUNCHER = fileURLToPath(new URL('../../bin/runner-doctor.js', import.meta.url));
const standIn = (name: string) => `export const processIo = () => ({});
export async function main(argv) { process.stdout.write(${JSON.stringify(name)} + ' ' + argv.join(' ')); return 3; }
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-launcher-'));
  mkdirSync(path.join(dir, 'bin'));
  mkdirSync(path.join(dir, 'lib/bundle'), { recursive: true });
  copyFileSync(LAUNCHER, path.join(dir, 'bin/runner-doctor.js'));
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(path.join(dir, 'lib/cli.js'), standIn('lib'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function launch(env: NodeJS.ProcessEnv = {}): { out: string; code: number } {
  try {
    const out = execFileSync(process.execPath, [path.join(dir, 'bin/runner-doctor.js'), 'diagnose', 'x.log'], {
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { out, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; status: number };
    return { out: e.stdout, code: e.status };
  }
}

describe('bin/runner-doctor.js', () => {
  it('runs the bundle when there is one, with the arguments and exit code', () => {
    writeFileSync(path.join(dir, 'lib/bundle/cli.js'), standIn('bundle'));
    expect(launch()).toEqual({ out: 'bundle diagnose x.log', code: 3 });
  });

  it('runs lib/ when RUNNER_DOCTOR_BUNDLE=0', () => {
    writeFileSync(path.join(dir, 'lib/bundle/cli.js'), standIn('bundle'));
    expect(launch({ RUNNER_DOCTOR_BUNDLE: '0' })).toEqual({ out: 'lib diagnose x.log', code: 3 });
  });

  it('runs lib/ when the bundle is missing', () => {
    expect(launch()).toEqual({ out: 'lib diagnose x.log', code: 3 });
  });

  it('runs lib/ when the bundle does not load (a chunk missing, built for a newer Node)', () => {
    writeFileSync(path.join(dir, 'lib/bundle/cli.js'), "import './chunk-GONE.js';\n" + standIn('bundle'));
    expect(launch()).toEqual({ out: 'lib diagnose x.log', code: 3 });
    writeFileSync(path.join(dir, 'lib/bundle/cli.js'), 'export const x = ;\n');
    expect(launch()).toEqual({ out: 'lib diagnose x.log', code: 3 });
  });
});
