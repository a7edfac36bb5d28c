/**
 * Makes log text safe to publish in a PR comment. GitHub's own secret masking is not guaranteed
 * (self-hosted runners, tokens printed by tools), and a comment is read by everyone who can see the PR.
 */

export interface RedactOptions {
  /**
   * Neutralise `@mentions` and `#123` / `owner/repo#123` references (default true). Turn it off only
   * for text that goes inside a code block or code span, where GitHub neither pings nor links, so
   * the text stays exact for copy and paste.
   */
  mentions?: boolean;
}

const MASK = '[REDACTED]';
const ZWSP = '\u200b';

// Every repetition that could restart at many positions is bounded, so a 64 KiB line of `a.a.a.`
// costs linear time, not quadratic.

/** Whole-match secrets: the token formats are distinctive enough to replace wherever they appear. */
const TOKEN_PATTERNS: RegExp[] = [
  // PEM blocks (private keys, certificates): everything from BEGIN to END, or to the end when cut off.
  /-----BEGIN [A-Z0-9 ]{0,40}-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,40}-----|$)/g,
  // GitHub tokens: personal (ghp_), OAuth (gho_), user-to-server (ghu_), installation (ghs_), refresh (ghr_).
  /\bgh[pousr]_[A-Za-z0-9]{30,255}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g,
  // AWS access key ids (long-term AKIA, temporary ASIA).
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
  // JWTs: a base64url JSON header and payload both start with `eyJ` (`{"`).
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
  // npm, GitLab, Slack and Docker Hub tokens show up in CI logs often enough to be worth the line.
  /\bnpm_[A-Za-z0-9]{36}\b/g,
  /\bglpat-[A-Za-z0-9_-]{20,}\b/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g,
  /\bdckr_pat_[A-Za-z0-9_-]{20,}\b/g,
];

/** `Authorization: Bearer xyz`, `-H 'authorization: token xyz'`: keep the scheme, hide the value. */
const AUTH_HEADER = /(\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?)((?:bearer|basic|token|bot|digest|negotiate)\s+)?([^\s"',;]+)/gi;

/** `https://user:secret@host`: keep the user name, hide the password. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]{0,30}:\/\/[^\s:/@]{1,200}:)([^\s@/]{1,500})@/gi;

/**
 * `password=...`, `GITHUB_TOKEN: ...`, `"api_key": "..."`: a key that ends in a secret-ish word, then
 * `=` or `:`, then a value. Values that are references (`$VAR`, `${{ secrets.X }}`), GitHub's own mask
 * (`***`) or already redacted are left alone.
 */
const KEY_VALUE =
  /\b([A-Za-z0-9_.-]{0,60}?(?:password|passwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?)["']?)(\s*[:=]\s*)(["']?)([^\s"'&,;]+)/gi;

/** A line that is nothing but 64+ mixed base64 characters: the body of a PEM block or a raw key. */
const BASE64_LINE = /^(\s*)([A-Za-z0-9+/]{64,}={0,2})(\s*)$/gm;

/** `@user`, `@org/team` when not part of a word (e-mail addresses are not mentions). */
const MENTION = /(^|[^\w`\]])@([A-Za-z0-9][A-Za-z0-9-]*)/g;
/** `#123`, `GH-123`, `owner/repo#123`: GitHub links them and adds a timeline event to that issue. */
const ISSUE_REF = /(^|[^\w&])((?:[\w.-]{1,100}\/[\w.-]{1,100})?#)(\d+)\b|(^|[^\w])(GH-)(\d+)\b/gi;

/**
 * Replaces secrets with `[REDACTED]` and (by default) neutralises mentions and issue references by
 * inserting a zero-width space, so publishing a log line never leaks a token, pings a person, or
 * back-links an unrelated issue. Log text is written by tools, not by the PR's author; a cross
 * reference from it is noise in someone else's issue timeline.
 */
export function redact(text: string, opts: RedactOptions = {}): string {
  let out = text;
  for (const re of TOKEN_PATTERNS) out = out.replace(re, MASK);
  out = out.replace(AUTH_HEADER, (_m, head: string, scheme: string | undefined, value: string) =>
    value === MASK || value === '***' ? _m : `${head}${scheme ?? ''}${MASK}`,
  );
  out = out.replace(URL_CREDENTIALS, (_m, head: string) => `${head}${MASK}@`);
  out = out.replace(KEY_VALUE, (m, key: string, sep: string, quote: string, value: string) =>
    isPlaceholder(value) || !looksLikeSecret(value, sep.trim(), quote !== '') ? m : `${key}${sep}${quote}${MASK}`,
  );
  out = out.replace(BASE64_LINE, (m, pre: string, body: string, post: string) =>
    /[A-Z]/.test(body) && /[a-z]/.test(body) && /[0-9]/.test(body) ? `${pre}${MASK}${post}` : m,
  );
  if (opts.mentions !== false) {
    out = out.replace(MENTION, (_m, pre: string, name: string) => `${pre}@${ZWSP}${name}`);
    out = out.replace(ISSUE_REF, (m, pre?: string, hash?: string, num?: string, pre2?: string, gh?: string, num2?: string) =>
      hash !== undefined ? `${pre}${hash}${ZWSP}${num}` : gh !== undefined ? `${pre2}${gh}${ZWSP}${num2}` : m,
    );
  }
  return out;
}

/**
 * `key: value` is also how error messages and YAML settings read (`persist-credentials: true`,
 * `invalid token: token expired`): after a bare `:` only a value that is not a plain word counts.
 */
function looksLikeSecret(value: string, sep: string, quoted: boolean): boolean {
  if (/^(?:true|false|null|none|yes|no|on|off)$/i.test(value)) return false;
  if (quoted || sep === '=') return true;
  return value.length >= 6 && !/^[a-z]+$/.test(value);
}

function isPlaceholder(value: string): boolean {
  return value === MASK || /^\*+$/.test(value) || value.startsWith('$') || value.startsWith('[REDACTED');
}

/**
 * Wraps text in a fenced code block whose fence is longer than any backtick run inside it, so log
 * text can never close the block early and inject markdown.
 */
export function codeFence(text: string, lang = ''): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const info = lang.replace(/[^\w+.-]/g, '');
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  return `${fence}${info}\n${body}\n${fence}`;
}
