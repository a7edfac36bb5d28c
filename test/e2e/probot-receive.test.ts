import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createStandInGithub, type StandInGithub } from '../helpers/stand-in-github.js';
import { testPrivateKey } from '../helpers/test-octokit.js';
import { workflowRunPayload } from '../helpers/webhook-payloads.js';

let api: StandInGithub | null = null;
afterEach(async () => {
  await api?.close();
  api = null;
});

/**
 * The README's "replay a saved payload" command, with the credentials the README names
 * (APP_ID, PRIVATE_KEY_PATH; GHE_HOST points it at the stand-in API): it diagnoses the run and
 * posts the comment, and the process ends by itself.
 */
it('`probot receive -e workflow_run -p payload.json ./lib/index.js` diagnoses the saved run and comments', async () => {
  api = createStandInGithub();
  const { host } = await api.listen('receive');
  const dir = mkdtempSync(join(tmpdir(), 'rd-receive-'));
  writeFileSync(join(dir, 'payload.json'), JSON.stringify(workflowRunPayload({ runId: 77 })));
  writeFileSync(join(dir, 'app.pem'), testPrivateKey());
  const child = spawn(
    process.execPath,
    ['node_modules/probot/bin/probot.js', 'receive', '-e', 'workflow_run', '-p', join(dir, 'payload.json'), './lib/index.js'],
    {
      env: {
        PATH: process.env.PATH ?? '', HOME: dir, APP_ID: '4242', PRIVATE_KEY_PATH: join(dir, 'app.pem'),
        GHE_HOST: host, GHE_PROTOCOL: 'http', DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'info', LOG_FORMAT: 'json',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(output).not.toContain('No server instance');
  expect(code, output).toBe(0);
  expect(api.comments.map((c) => c.pr)).toEqual([2]);
  expect(api.comments[0]!.body).toContain('<!-- runner-doctor:sticky -->');
  expect(api.unrouted).toEqual([]);
}, 60_000);
