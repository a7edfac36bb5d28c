import { describe, expect, it } from 'vitest';
import { redact } from '../../src/markdown/redact.js';

const GHP = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const GHS = 'ghs_' + 'Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa';
// Split so no scanner mistakes the fixtures for live keys.
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCYEXAMPLEKEY';
const GOOGLE = 'AIza' + 'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q';
const SLACK = 'https://hooks.slack.com/services/' + 'T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';

describe('redact: secrets', () => {
  it.each([
    ['personal token', `git clone https://github.com/o/r (token ${GHP})`, 'git clone https://github.com/o/r (token [REDACTED])'],
    ['installation token', `using ${GHS} for checkout`, 'using [REDACTED] for checkout'],
    ['OAuth/user/refresh tokens', `gho_${'a'.repeat(36)} ghu_${'b'.repeat(36)} ghr_${'c'.repeat(36)}`, '[REDACTED] [REDACTED] [REDACTED]'],
    ['a token inside a longer word', `x_${GHP} and TOKEN=pre${GHS}`, 'x_[REDACTED] and TOKEN=[REDACTED]'],
    ['fine-grained PAT', `echo github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz done`, 'echo [REDACTED] done'],
    ['AWS access key ids', 'key AKIAIOSFODNN7EXAMPLE and ASIAY34FZKBOKMUTVV7A', 'key [REDACTED] and [REDACTED]'],
    ['a bare AWS secret access key', `aws configure set x ${AWS_SECRET}`, 'aws configure set x [REDACTED]'],
    ['a Google API key', `maps?key=${GOOGLE}&v=3`, 'maps?key=[REDACTED]&v=3'],
    ['a Slack webhook URL keeps the host', `curl -X POST ${SLACK}`, 'curl -X POST https://hooks.slack.com/[REDACTED]'],
    [
      'JWT',
      'bearer eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJl-_x end',
      'bearer [REDACTED] end',
    ],
    ['npm token', `//registry.npmjs.org/:_authToken=npm_${'x'.repeat(36)}`, '//registry.npmjs.org/:_authToken=[REDACTED]'],
    ['Authorization header keeps the scheme', 'curl -H "Authorization: Bearer abc.def-123" https://x', 'curl -H "Authorization: Bearer [REDACTED]" https://x'],
    ['authorization: token', 'authorization: token 0123456789abcdef', 'authorization: token [REDACTED]'],
    ['basic auth in a URL keeps the user', 'pull https://robot:s3cr3t!@registry.example.com/img', 'pull https://robot:[REDACTED]@registry.example.com/img'],
    ['a URL password that holds an @', 'git clone https://user:p@ss@host.example/r.git', 'git clone https://user:[REDACTED]@host.example/r.git'],
    ['password=', 'mysql -u root --password=hunter22 db', 'mysql -u root --password=[REDACTED] db'],
    ['--password X', 'docker login --username bot --password hunter22 ghcr.io', 'docker login --username bot --password [REDACTED] ghcr.io'],
    ['--oauth2-bearer X', 'curl --oauth2-bearer abc123 https://api.example', 'curl --oauth2-bearer [REDACTED] https://api.example'],
    ['-pSECRET for mysql', 'mysql -h db -uroot -pS3cret! app', 'mysql -h db -uroot -p[REDACTED] app'],
    ["curl's -u user:password", 'curl -u admin:hunter22 https://x.example', 'curl -u admin:[REDACTED] https://x.example'],
    ['DB_PASS=', 'export DB_PASS=correcthorse', 'export DB_PASS=[REDACTED]'],
    ['password: a lower-case word', 'password: lowercasevalue', 'password: [REDACTED]'],
    ['ENV_TOKEN=', 'export NPM_TOKEN=abcdef123456', 'export NPM_TOKEN=[REDACTED]'],
    ['JSON secret', '{"client_secret": "abc123xyz", "user": "bob"}', '{"client_secret": "[REDACTED]", "user": "bob"}'],
    ['YAML api key', 'api_key: 7f6e5d4c3b2a', 'api_key: [REDACTED]'],
    ['a docker config auth', '"auth": "Ym90Omh1bnRlcjIy"', '"auth": "[REDACTED]"'],
    ['an SSH_KEY variable', 'SSH_KEY=abc123def', 'SSH_KEY=[REDACTED]'],
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
    ['a git commit SHA', 'HEAD is now at 08eba0b27e820071cde6df949e0beb9ba4906955 Merge pull request'],
    ['PWD from an env dump', 'PWD=/home/runner/_work/r/r'],
    ['a 40-character path', '/home/runner/work/Repo1/Repo1/src/Abc/x1'],
    ['a word that merely contains "token"', 'tokenizer=bert-base'],
    ['a word that ends in "pass"', 'compass: north and bypass: yes'],
    ['a Kubernetes toleration key', '- key: node-role.kubernetes.io/control-plane'],
    ['a Kubernetes message about a secret', 'MountVolume.SetUp failed for volume "creds" : secret "regcred" not found'],
    ['a reference to a variable', 'password=$DB_PASSWORD and token: ${{ secrets.GITHUB_TOKEN }}'],
    ["GitHub's own mask", 'GITHUB_TOKEN=*** Authorization: ***'],
    ['a too-short ghp_ look-alike', 'see ghp_short'],
    ['a YAML boolean setting', '  persist-credentials: true'],
    ['an error message after "token:"', 'error: invalid bearer token: token has expired'],
    ['a Nix store path', '/nix/store/0c3d4f5g6h7i8j9k0l1m2n3p4q5r6s7v-gnutar-1.35/bin/tar'],
    ['mkdir -p and docker -p', 'mkdir -pv /tmp/x && docker run -p 8080:80 -u 1001:1001 img'],
    ['docker --password-stdin', 'echo $PW | docker login ghcr.io --password-stdin -u bot'],
    ['a build secret spec', 'docker buildx build --secret id=npmrc,src=.npmrc .'],
    ['an npm error line', 'npm ERR! code E401 Unable to authenticate, need: Basic realm="GitHub Package Registry"'],
    ['a test summary', 'Tests: 3 failed, 120 passed, 123 total'],
  ])('leaves %s alone', (_name, input) => {
    expect(redact(input)).toBe(input);
  });

  it('leaves long repetitive lines alone and still finds a secret at their end', () => {
    // Speed is measured by `npm run bench`; this checks the bounded patterns still match what they should.
    for (const line of ['a.'.repeat(32768), 'a-'.repeat(32768), 'x/y'.repeat(20000), 'a:'.repeat(30000), 'a://b:'.repeat(10000)]) {
      expect(redact(line)).toBe(line);
    }
    expect(redact('a.'.repeat(30000) + 'password=hunter22')).toBe('a.'.repeat(30000) + 'password=[REDACTED]');
  });

  it('is idempotent', () => {
    const once = redact(`Authorization: Bearer ${GHS} password=abc123 x_${GHP} ${SLACK} -u a:b curl`);
    expect(redact(once)).toBe(once);
  });
});
