import { generateKeyPairSync } from 'node:crypto';
import { Probot, ProbotOctokit } from 'probot';

/** Retry and throttle off (function form: the object form silently keeps throttling on). */
export const TestOctokit = ProbotOctokit.defaults((o: Record<string, unknown>) => ({
  ...o,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

/** A plain installation-token octokit for unit tests of src/github (api.github.com unless baseUrl). */
export function testOctokit(baseUrl?: string): ProbotOctokit {
  return new TestOctokit({ auth: 'test-token', ...(baseUrl ? { baseUrl } : {}) });
}

let key: string | null = null;

/** An RSA key generated once per test file; never a real credential. */
export function testPrivateKey(): string {
  key ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  }).privateKey;
  return key;
}

export const TEST_APP_ID = 4242;

/** A Probot instance for `probot.receive(...)` tests, quiet unless LOG_LEVEL asks otherwise. */
export function testProbot(): Probot {
  return new Probot({
    appId: TEST_APP_ID,
    privateKey: testPrivateKey(),
    Octokit: TestOctokit,
    logLevel: (process.env.TEST_LOG_LEVEL as 'info' | undefined) ?? 'fatal',
  });
}
