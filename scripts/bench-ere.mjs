// Translates the catalog's RE2 patterns to POSIX ERE for `grep -E`, so `npm run bench` can time
// grep on the same work. Only the constructs the catalog uses are handled; anything else is an
// error that names the pattern (a silently wrong translation would make the comparison unfair).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

// Characters that stay escaped outside brackets in ERE; other escaped punctuation becomes literal.
const ERE_SPECIAL = new Set(['.', '[', ']', '(', ')', '*', '+', '?', '{', '}', '|', '^', '$', '\\']);
const CLASS_ESCAPES = { d: '0-9', s: '[:space:]', w: '[:alnum:]_' };
const SHORTHAND = { d: '[0-9]', D: '[^0-9]', s: '[[:space:]]', S: '[^[:space:]]', w: '[[:alnum:]_]', W: '[^[:alnum:]_]' };

/** One RE2 pattern as ERE: named and non-capturing groups become plain groups, lazy quantifiers greedy. */
export function re2ToEre(source) {
  const fail = (what) => {
    throw new Error(`cannot translate ${JSON.stringify(source)} to grep -E: ${what}`);
  };
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      const n = source[i + 1];
      if (n === undefined) fail('trailing backslash');
      if (SHORTHAND[n]) out += SHORTHAND[n];
      else if (n === 'b' || n === 'B') out += `\\${n}`; // GNU grep extension
      else if (/[A-Za-z0-9]/.test(n)) fail(`unsupported escape \\${n}`);
      else out += ERE_SPECIAL.has(n) ? `\\${n}` : n;
      i += 2;
      continue;
    }
    if (c === '[') {
      const { text, end } = bracket(source, i, fail);
      out += text;
      i = end;
      continue;
    }
    if (c === '(' && source[i + 1] === '?') {
      if (source[i + 2] === ':') i += 3;
      else if (source[i + 2] === '<' || (source[i + 2] === 'P' && source[i + 3] === '<')) {
        const close = source.indexOf('>', i);
        if (close < 0) fail('unterminated group name');
        i = close + 1;
      } else fail('flags or lookaround groups');
      out += '(';
      continue;
    }
    if ((c === '*' || c === '+' || c === '?' || c === '}') && source[i + 1] === '?') {
      out += c; // lazy -> greedy: same lines match
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** A bracket expression: `\s`/`\d`/`\w` become classes, escapes become literals, `]` goes first and `-` last. */
function bracket(source, start, fail) {
  let i = start + 1;
  let negate = false;
  if (source[i] === '^') {
    negate = true;
    i++;
  }
  const items = [];
  let closeBracket = false;
  let dash = false;
  while (i < source.length && source[i] !== ']') {
    const c = source[i];
    if (c === '\\') {
      const n = source[i + 1];
      if (CLASS_ESCAPES[n]) items.push(CLASS_ESCAPES[n]);
      else if (n === ']') closeBracket = true;
      else if (n === '-') dash = true;
      else if (/[A-Za-z0-9]/.test(n)) fail(`unsupported escape \\${n} in a class`);
      else items.push(n);
      i += 2;
      continue;
    }
    if (c === '[' && source[i + 1] === ':') {
      const close = source.indexOf(':]', i + 2);
      if (close < 0) fail('unterminated [: :] class');
      items.push(source.slice(i, close + 2));
      i = close + 2;
      continue;
    }
    if (c === '-' && (items.length === 0 || source[i + 1] === ']')) {
      dash = true;
      i++;
      continue;
    }
    items.push(c);
    i++;
  }
  if (source[i] !== ']') fail('unterminated character class');
  const body = (closeBracket ? ']' : '') + items.join('') + (dash ? '-' : '');
  return { text: `[${negate ? '^' : ''}${body}]`, end: i + 1 };
}

/** Every pattern of the built-in catalog (entry patterns and inline context patterns), as ERE. */
export function catalogPatternsAsEre(catalogDir) {
  const patterns = [];
  for (const name of readdirSync(catalogDir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const doc = yaml.load(readFileSync(path.join(catalogDir, name), 'utf8'));
    const entries = Array.isArray(doc) ? doc : (doc?.entries ?? []);
    for (const e of entries) {
      for (const p of e.patterns ?? []) patterns.push(p);
      for (const r of e.context ?? []) if (typeof r.pattern === 'string') patterns.push(r.pattern);
    }
  }
  return [...new Set(patterns)].map(re2ToEre);
}
