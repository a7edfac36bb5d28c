/**
 * Hostile strings an outsider can put in a log line, a workflow, job or step name, or a config key,
 * and a seeded generator that combines them, so property-style tests are reproducible.
 */
export const FRAGMENTS = [
  '@octocat',
  '@github/security',
  'thanks @dependabot',
  '#123',
  'other/repo#45',
  'GH-7',
  'bob@example.com',
  'mailto:bob@example.com',
  '<img src=x onerror=alert(1)>',
  '<a href="https://evil.example">x</a>',
  '<details><summary>x',
  '</sub>',
  '<!-- runner-doctor:end -->',
  '-->',
  '[click](javascript:alert(1))',
  '[x](https://evil.example)',
  '![i](https://evil.example/i.png)',
  '[ref]: https://evil.example',
  '[ref]',
  '<https://evil.example>',
  '<javascript:alert(1)>',
  'https://evil.example/path',
  'www.evil.example',
  'javascript:alert(1)',
  '`',
  '``',
  '```',
  '````',
  '` code `',
  '``a`b``',
  '\\',
  '\\`',
  '*em*',
  '_em_',
  '**bold**',
  '~~gone~~',
  '| a | b |',
  '$x^2$',
  '&#64;octocat',
  '&#35;123',
  '&lt;img&gt;',
  '&amp;',
  '[^1]',
  ':smile:',
  '# heading',
  '1. item',
  '- item',
  '> quote',
  '---',
  '===',
  '    indented',
  '\r# bare CR heading',
  '\n# LF heading',
  '\r\n## CRLF heading',
  '\u2028# LS heading',
  '\u2029# PS heading',
  '\u0085# NEL heading',
  '\v# VT heading',
  '\f# FF heading',
  '\n\n<img src=x>',
  '\u0000NUL',
  '\u0007BEL',
  'BS\b\b',
  '\u202eRLO',
  '\u2066isolate\u2069',
  '\u001b]8;;https://evil.example\u001b\\link\u001b]8;;\u001b\\',
  '\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007',
  '\u001b[31mred\u001b[0m',
  '\u009b31m',
  '\u0090C1',
  'e\u0301',
  '😀',
];

/** Deterministic PRNG (mulberry32): the same cases every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every fragment alone, then `count` combinations of 2 to 6 fragments with random glue. */
export function nastyInputs(count = 300, seed = 20261129): string[] {
  const next = rng(seed);
  const glue = ['', ' ', 'a', '\n', '`'];
  const out = [...FRAGMENTS];
  for (let i = 0; i < count; i++) {
    const n = 2 + Math.floor(next() * 5);
    let s = '';
    for (let k = 0; k < n; k++) {
      s += FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]!;
      if (k < n - 1) s += glue[Math.floor(next() * glue.length)]!;
    }
    out.push(s);
  }
  return out;
}
