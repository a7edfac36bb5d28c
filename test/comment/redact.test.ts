import { describe, expect, it } from 'vitest';
import { codeFence, redact } from '../../src/comment/redact.js';

const Z = '\u200b';
const GHP = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const GHS = 'ghs_' + 'Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa';

describe('redact: secrets', () => {
  it.each([
    ['personal token', `git clone https://github.com/o/r (token ${GHP})`, 'git clone https://github.com/o/r (token [REDACTED])'],
    ['installation token', `using ${GHS} for checkout`, 'using [REDACTED] for checkout'],
    ['OAuth/user/refresh tokens', `gho_${'a'.repeat(36)} ghu_${'b'.repeat(36)} ghr_${'c'.repeat(36)}`, '[REDACTED] [REDACTED] [REDACTED]'],
    ['fine-grained PAT', `echo github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz done`, 'echo [REDACTED] done'],
    ['AWS access key ids', 'key AKIAIOSFODNN7EXAMPLE and ASIAY34FZKBOKMUTVV7A', 'key [REDACTED] and [REDACTED]'],
    [
      'JWT',
      'bearer eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJl-_x end',
      'bearer [REDACTED] end',
    ],
    ['npm token', `//registry.npmjs.org/:_authToken=npm_${'x'.repeat(36)}`, '//registry.npmjs.org/:_authToken=[REDACTED]'],
    ['Authorization header keeps the scheme', 'curl -H "Authorization: Bearer abc.def-123" https://x', 'curl -H "Authorization: Bearer [REDACTED]" https://x'],
    ['authorization: token', "authorization: token 0123456789abcdef", 'authorization: token [REDACTED]'],
    ['basic auth in a URL keeps the user', 'pull https://robot:s3cr3t!@registry.example.com/img', 'pull https://robot:[REDACTED]@registry.example.com/img'],
    ['password=', 'mysql -u root --password=hunter22 db', 'mysql -u root --password=[REDACTED] db'],
    ['ENV_TOKEN=', 'export NPM_TOKEN=abcdef123456', 'export NPM_TOKEN=[REDACTED]'],
    ['JSON secret', '{"client_secret": "abc123xyz", "user": "bob"}', '{"client_secret": "[REDACTED]", "user": "bob"}'],
    ['YAML api key', 'api_key: 7f6e5d4c3b2a', 'api_key: [REDACTED]'],
  ])('%s', (_name, input, want) => {
    expect(redact(input)).toBe(want);
  });

  it('redacts a whole PEM block, and an unterminated one up to the end', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1\nabc\n-----END RSA PRIVATE KEY-----';
    expect(redact(`key:\n${pem}\nnext line`)).toBe('key:\n[REDACTED]\nnext line');
    expect(redact('cert follows\n-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU')).toBe('cert follows\n[REDACTED]');
  });

  it('redacts a line that is only mixed-case base64 of 64+ characters (a key body)', () => {
    const body = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV5ffAtXYc0';
    expect(redact(`  ${body}`)).toBe('  [REDACTED]');
  });

  it.each([
    ['a sha256 digest', 'image@sha256:9b2a28eb47540823042a2ba401386845089bb7b62a9637d55816132c4c3c36eb'],
    ['PWD from an env dump', 'PWD=/home/runner/_work/r/r'],
    ['a word that merely contains "token"', 'tokenizer=bert-base'],
    ['a Kubernetes message about a secret', 'MountVolume.SetUp failed for volume "creds" : secret "regcred" not found'],
    ['a reference to a variable', 'password=$DB_PASSWORD and token: ${{ secrets.GITHUB_TOKEN }}'],
    ["GitHub's own mask", 'GITHUB_TOKEN=*** Authorization: ***'],
    ['a too-short ghp_ look-alike', 'see ghp_short'],
    ['a YAML boolean setting', '  persist-credentials: true'],
    ['an error message after "token:"', 'error: invalid bearer token: token has expired'],
    ['a Nix store path', '/nix/store/0c3d4f5g6h7i8j9k0l1m2n3p4q5r6s7v-gnutar-1.35/bin/tar'],
  ])('leaves %s alone', (_name, input) => {
    expect(redact(input, { mentions: false })).toBe(input);
  });

  it('handles 64 KiB adversarial lines (bounded repetitions keep it linear)', () => {
    // Each of these took seconds with unbounded `[\w.-]*` prefixes; here they just come back unchanged.
    for (const line of ['a.'.repeat(32768), 'a-'.repeat(32768), 'x/y'.repeat(20000), 'a:'.repeat(30000)]) {
      expect(redact(line, { mentions: false })).toBe(line);
    }
    expect(redact('a.'.repeat(30000) + 'password=hunter22')).toBe('a.'.repeat(30000) + 'password=[REDACTED]');
  });

  it('is idempotent', () => {
    const once = redact(`Authorization: Bearer ${GHS} password=abc123 @octocat #12`);
    expect(redact(once)).toBe(once);
  });
});

describe('redact: mentions and references', () => {
  it('neutralises @mentions and team mentions, not e-mail addresses', () => {
    expect(redact('thanks @octocat and @github/security; mail bob@example.com')).toBe(
      `thanks @${Z}octocat and @${Z}github/security; mail bob@example.com`,
    );
    expect(redact('@dependabot rebase')).toBe(`@${Z}dependabot rebase`);
  });

  it('neutralises issue references so no timeline gets a back-link', () => {
    expect(redact('fixed in #123, see other/repo#45 and GH-7')).toBe(`fixed in #${Z}123, see other/repo#${Z}45 and GH-${Z}7`);
  });

  it('leaves HTML entities and step anchors alone', () => {
    expect(redact('&#123; at https://x/job/1#step:2:3')).toBe('&#123; at https://x/job/1#step:2:3');
  });

  it('keeps mentions as written when told the text goes into code', () => {
    expect(redact('npm i @actions/core # 12', { mentions: false })).toBe('npm i @actions/core # 12');
    expect(redact(`@octocat ${GHP}`, { mentions: false })).toBe('@octocat [REDACTED]');
  });
});

describe('codeFence', () => {
  it('uses three backticks when the text has none', () => {
    expect(codeFence('echo hi', 'sh')).toBe('```sh\necho hi\n```');
  });

  it('uses a fence longer than the longest backtick run, so the text cannot close it', () => {
    const text = 'before\n```\ninjected ``` and ````\n```';
    expect(codeFence(text)).toBe('`````\n' + text + '\n`````');
  });

  it('drops one trailing newline and anything odd in the language', () => {
    expect(codeFence('a\n', 'diff')).toBe('```diff\na\n```');
    expect(codeFence('a', 'sh\n# x')).toBe('```shx\na\n```');
  });
});
