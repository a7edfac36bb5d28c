/**
 * The README's quick start: CLI, then the Action, then the App; its local CLI commands run as written (from the
 * checkout, as after `git clone` and `npm ci`), and its Action workflows are ones GitHub accepts and the Action
 * needs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const readme = readFileSync('README.md', 'utf8');
const start = readme.indexOf('\n## Quick start\n');
const quickStart = readme.slice(start, readme.indexOf('\n## ', start + 1));
const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
const blocks = (lang: string) =>
  [...quickStart.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1]!);

/** A directory with only `sh` (npx runs scripts with it), so the PATH below has no `gh` even where one is installed. */
const shOnly = mkdtempSync(join(tmpdir(), 'rd-sh-only-'));
symlinkSync('/bin/sh', join(shOnly, 'sh'));

/** Runs a README line with bash in the checkout: node and sh on PATH, no token, no `gh` (as on a fresh machine). */
function sh(command: string) {
  const env = { PATH: `${dirname(process.execPath)}:${shOnly}`, HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1' };
  // bash by its path: this PATH may not hold it.
  const r = spawnSync('/bin/bash', ['-c', command], { encoding: 'utf8', env, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/**
 * npx itself is run once (`--version`: it finds the checkout's bin); the other lines call that bin directly, since
 * each npx start costs seconds on a busy machine.
 */
const direct = (line: string) => line.replace(/^npx runner-doctor /, 'node bin/runner-doctor.js ');

describe('README quick start', () => {
  it('goes CLI, then the Action, then the App, and shows the example comment', () => {
    const headings = ['**1. The CLI**', '**2. The GitHub Action**', '**3. The GitHub App**'];
    const order = headings.map((h) => quickStart.indexOf(h));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(quickStart).toContain('](docs/example-comment.png)');
  });

  it('its local CLI commands run as written', () => {
    const lines = blocks('sh')[0]!.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim());
    const local = lines.filter((l) => l.startsWith('npx runner-doctor') && !l.includes('https://'));
    expect(local.length).toBeGreaterThanOrEqual(3);
    for (const line of local) {
      const r = sh(line.endsWith('--version') ? line : direct(line));
      expect(r.err, line).toBe('');
      expect(r.code, line).toBe(0);
      if (line.endsWith('--version')) expect(r.out).toBe(`${version}\n`);
      else expect(r.out, line).toMatch(/^Root cause: .+ \([a-z-]+\/[a-z0-9-]+\) at line \d+\./);
    }
  }, 120_000);

  it('a run by URL without any token says how to get one', () => {
    const line = blocks('sh')[0]!.split('\n').find((l) => l.startsWith('npx runner-doctor diagnose https://'))!;
    // RUN_ID and OWNER/REPO stand for the reader's run; the bin called directly, as above (npx ran once there).
    const r = sh(direct(line.replace(/\s+#.*$/, '').replace('RUN_ID', '123')));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^runner-doctor: no GitHub token: set GITHUB_TOKEN .* or log in with `gh auth login`\n$/);
  });

  it('the Action workflows: workflow_run and issue_comment, the permissions the Action needs, this version', () => {
    const workflows = blocks('yaml').map((b) => yaml.load(b) as {
      on: Record<string, { types: string[]; workflows?: string[] }>; permissions: Record<string, string>;
      jobs: Record<string, { steps: { uses?: string }[] }>;
    });
    expect(workflows.map((w) => Object.keys(w.on))).toEqual([['workflow_run'], ['issue_comment']]);
    expect(workflows[0]!.on.workflow_run!.types).toEqual(['completed']);
    expect(workflows[0]!.on.workflow_run!.workflows!.length).toBeGreaterThan(0);
    expect(workflows[1]!.on.issue_comment!.types).toEqual(['created']);
    for (const w of workflows) {
      expect(w.permissions).toEqual({ actions: 'read', contents: 'read', 'pull-requests': 'write' });
      const uses = Object.values(w.jobs).flatMap((j) => j.steps.map((s) => s.uses));
      expect(uses).toEqual([`runner-doctor/runner-doctor@v${version}`]);
    }
  });

  it('the App: npm ci, then npm start with a webhook address the setup page accepts', () => {
    const lines = blocks('sh')[1]!.split('\n');
    expect(lines[0]).toBe('npm ci');
    expect(lines[1]).toMatch(/^WEBHOOK_PROXY_URL=https:\/\/smee\.io\/\S+ npm start\b/);
    // The variables named are the ones the setup page reads (.env.example documents each).
    const documented = readFileSync('.env.example', 'utf8');
    for (const v of ['WEBHOOK_PROXY_URL', 'PUBLIC_URL']) expect(documented).toMatch(new RegExp(`^${v}=`, 'm'));
  });
});
