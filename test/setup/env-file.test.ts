import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { expect, it } from 'vitest';
import { updateEnvFile } from '../../src/setup/env-file.js';

const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1\nabc+/=\n-----END RSA PRIVATE KEY-----\n';

function scratch(text?: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'rd-env-')), '.env');
  if (text !== undefined) writeFileSync(file, text);
  return file;
}

it('keeps comments and other variables, replaces a key in place and appends new ones', () => {
  const file = scratch('# mine\nLOG_LEVEL=debug\nAPP_ID=1\nWEBHOOK_PROXY_URL=https://smee.io/abc\n');
  updateEnvFile(file, { APP_ID: '4242', PRIVATE_KEY: PEM, WEBHOOK_SECRET: 's3cr3t' });
  const text = readFileSync(file, 'utf8');
  expect(text.split('\n').slice(0, 4)).toEqual(['# mine', 'LOG_LEVEL=debug', 'APP_ID=4242', 'WEBHOOK_PROXY_URL=https://smee.io/abc']);
  expect(parseEnv(text)).toEqual({
    LOG_LEVEL: 'debug', APP_ID: '4242', WEBHOOK_PROXY_URL: 'https://smee.io/abc', PRIVATE_KEY: PEM, WEBHOOK_SECRET: 's3cr3t',
  });
  // It holds a private key: owner only.
  expect(statSync(file).mode & 0o777).toBe(0o600);
});

it('replaces a quoted key that spans several lines whole, and creates the file when there is none', () => {
  const file = scratch(`PRIVATE_KEY="${PEM}"\nKEEP=yes\n`);
  updateEnvFile(file, { PRIVATE_KEY: 'new' });
  expect(readFileSync(file, 'utf8')).toBe('PRIVATE_KEY=new\nKEEP=yes\n');
  const fresh = scratch();
  updateEnvFile(fresh, { APP_ID: '7', WEBHOOK_SECRET: 'a b "c"' });
  expect(parseEnv(readFileSync(fresh, 'utf8'))).toEqual({ APP_ID: '7', WEBHOOK_SECRET: 'a b "c"' });
});
