/**
 * Hides secrets in text that is about to be published. GitHub's own masking is not guaranteed
 * (self-hosted runners, tokens printed by tools), and a comment is read by everyone who can see the PR.
 * Kept as our own code rather than a secret-scanning library: those scan files for findings, while
 * this has to rewrite one line at a time, in linear time, and keep the rest of the line readable.
 */

const MASK = '[REDACTED]';

// Every repetition that could restart at many positions is bounded, so a 64 KiB line of `a.a.a.`
// costs linear time, not quadratic.

/**
 * Token formats distinctive enough to replace wherever they appear, even inside a longer word
 * (`x_ghp_...`, `FOO=ghp_...`): no word boundary in front.
 */
const TOKEN_PATTERNS: RegExp[] = [
  // PEM blocks (private keys, certificates): everything from BEGIN to END, or to the end when cut off.
  /-----BEGIN [A-Z0-9 ]{0,40}-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,40}-----|$)/g,
  // GitHub tokens: personal (ghp_), OAuth (gho_), user-to-server (ghu_), installation (ghs_), refresh (ghr_).
  /gh[pousr]_[A-Za-z0-9]{30,255}/g,
  /github_pat_[A-Za-z0-9_]{22,255}/g,
  // AWS access key ids (long-term AKIA, temporary ASIA).
  /(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/g,
  // JWTs: a base64url JSON header and payload both start with `eyJ` (`{"`).
  /eyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{0,4096}/g,
  // Google API keys.
  /AIza[0-9A-Za-z_-]{35}/g,
  // npm, GitLab, Slack, Docker Hub tokens: common enough in CI logs to be worth a line each.
  /npm_[A-Za-z0-9]{36}/g,
  /glpat-[A-Za-z0-9_-]{20,255}/g,
  /xox[abposr]-[A-Za-z0-9-]{10,255}/g,
  /dckr_pat_[A-Za-z0-9_-]{20,255}/g,
];

/** Webhook URLs are secrets in their path: keep the host so the line still says what it called. */
const WEBHOOK_URL =
  /\b(hooks\.slack\.com\/|discord(?:app)?\.com\/api\/webhooks\/)[A-Za-z0-9/_-]{8,500}/gi;

/**
 * A bare AWS secret access key: exactly 40 characters of base64 standing alone, with upper case,
 * lower case and a digit (so git SHAs, which are lower-case hex, and paths with many slashes do not count).
 */
const AWS_SECRET = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

/** `Authorization: Bearer xyz`, `-H 'authorization: token xyz'`: keep the scheme, hide the value. */
const AUTH_HEADER =
  /(\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?)((?:bearer|basic|token|bot|digest|negotiate)\s+)?([^\s"',;`]+)/gi;

/** `https://user:secret@host`: keep the user name, hide the password (which may itself hold an `@`). */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]{0,30}:\/\/[^\s:/@]{1,200}:)([^\s/]{1,500})@/gi;

/**
 * A key named like a secret, then `=` or `:`, then a value: `password: x`, `DB_PASS=x`, `"api_key": "x"`,
 * `_authToken=x`. The long words may end any key (`clientSecret`, `GITHUB_TOKEN`); the short, common ones
 * (`pass`, `auth`, `key`) only a whole word or a `_`, `-`, `.`-separated part (`DB_PASS`, `ssh-key`), so
 * `compass:` and a Kubernetes `key: app` stay readable.
 */
const KEY_VALUE = new RegExp(
  '((?:\\b[A-Za-z0-9_.-]{0,60}?(?:password|passwd|passphrase|secret|token|credentials?|apikey)' +
    '|(?:\\b|(?<=[A-Za-z0-9][_.-]))(?:pass|auth|api[_-]?key)' +
    '|(?<=[A-Za-z0-9][_.-])key)["\']?)' +
    '(\\s*[:=]\\s*)(["\']?)([^\\s"\'&,;`]{1,1000})',
  'gi',
);

/**
 * Command-line options whose next argument is a secret: `--password X`, `--oauth2-bearer X`,
 * `--client-secret=X` is handled by KEY_VALUE. `--user name:secret` / `-u name:secret` keeps the name.
 */
const SECRET_OPTION = new RegExp(
  '(\\s--?[A-Za-z0-9-]{0,40}?(?:password|passwd|pass|passphrase|secret|token|bearer|api-?key|credentials?)\\s+)' +
    '(?!-)(["\']?)([^\\s"\'`]{1,1000})',
  'gi',
);
const USER_OPTION = /(\s(?:-u|--user)\s+["']?[^\s:"'`]{1,200}:)([^\s"'`]{1,1000})/g;
/** Only curl's `-u` is user:password; docker's is user:group. */
const CURL_LINE = /\bcurl\b/;
/** `docker build --secret id=npmrc,src=.npmrc` names a secret, it does not contain one. */
const BUILD_SECRET_SPEC = /^(?:id|type|src|source|env|target)=/i;

/** MySQL and MariaDB take the password glued to `-p`: `mysql -uroot -pSECRET db`. */
const MYSQL_LINE = /\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\b/i;
const MYSQL_PASSWORD = /(\s-p)([^\s"'`]{1,1000})/g;

/** A line that is nothing but 64+ mixed base64 characters: the body of a PEM block or a raw key. */
const BASE64_LINE = /^(\s*)([A-Za-z0-9+/]{64,}={0,2})(\s*)$/gm;

/**
 * Replaces secrets with `[REDACTED]`, so publishing a log line never leaks a token. Idempotent.
 * It does nothing about markdown: escaping is the caller's job (see escape.ts).
 */
export function redact(text: string): string {
  let out = text;
  for (const re of TOKEN_PATTERNS) out = out.replace(re, MASK);
  out = out.replace(WEBHOOK_URL, (_m, host: string) => `${host}${MASK}`);
  out = out.replace(AWS_SECRET, (m) => (looksLikeAwsSecret(m) ? MASK : m));
  out = out.replace(AUTH_HEADER, (m, head: string, scheme: string | undefined, value: string) =>
    isPlaceholder(value) ? m : `${head}${scheme ?? ''}${MASK}`,
  );
  out = out.replace(URL_CREDENTIALS, (m, head: string, value: string) =>
    isPlaceholder(value) ? m : `${head}${MASK}@`,
  );
  out = out.replace(
    KEY_VALUE,
    (m, key: string, sep: string, quote: string, value: string, offset: number, whole: string) =>
      isPlaceholder(value) || !looksLikeSecret(value, sep.trim(), quote !== '', whole, offset + m.length)
        ? m
        : `${key}${sep}${quote}${MASK}`,
  );
  out = out.replace(SECRET_OPTION, (m, head: string, quote: string, value: string) =>
    isPlaceholder(value) || BUILD_SECRET_SPEC.test(value) ? m : `${head}${quote}${MASK}`,
  );
  if (CURL_LINE.test(out)) {
    out = out.replace(USER_OPTION, (m, head: string, value: string) => (isPlaceholder(value) ? m : `${head}${MASK}`));
  }
  if (MYSQL_LINE.test(out)) {
    out = out.replace(MYSQL_PASSWORD, (m, head: string, value: string) =>
      isPlaceholder(value) ? m : `${head}${MASK}`,
    );
  }
  out = out.replace(BASE64_LINE, (m, pre: string, body: string, post: string) =>
    mixedCase(body) ? `${pre}${MASK}${post}` : m,
  );
  return out;
}

/** Random base64 has few slashes; a path has many and starts with one. */
function looksLikeAwsSecret(s: string): boolean {
  return mixedCase(s) && (s.match(/\//g)?.length ?? 0) <= 3 && !s.startsWith('/');
}

function mixedCase(s: string): boolean {
  return /[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s);
}

/**
 * `key: value` is also how error messages and YAML settings read (`persist-credentials: true`,
 * `invalid token: token has expired`): booleans are settings, and after a bare `:` a plain word followed
 * by more plain words is a sentence, not a secret. Anything else counts, a lone lower-case word included.
 */
function looksLikeSecret(value: string, sep: string, quoted: boolean, line: string, end: number): boolean {
  if (/^(?:true|false|null|none|nil|yes|no|on|off|required|optional)$/i.test(value)) return false;
  if (quoted || sep === '=' || !/^[a-z]+$/.test(value)) return true;
  return !/^ +[a-z]+(?: |$)/.test(line.slice(end, end + 40));
}

/** References (`$VAR`, `${{ secrets.X }}`), GitHub's own mask (`***`) and our own mask are not secrets. */
function isPlaceholder(value: string): boolean {
  return value.startsWith(MASK) || /^\*+$/.test(value) || value.startsWith('$') || value.startsWith('%');
}
