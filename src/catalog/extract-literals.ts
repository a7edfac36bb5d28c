/**
 * Finds the literal text every match of a regex must contain, so the engine can skip lines
 * (and whole chunks) that cannot match without running the regex. Returns one literal per
 * top-level alternative, or null for an alternative without a usable literal.
 *
 * Deliberately conservative: anything inside a group or class, and any character made
 * optional by `?`, `*` or `{0,`, ends the current run.
 */
export const MIN_LITERAL_LENGTH = 5;

const CLASS_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S', 'b', 'B', 'A', 'z', 'p', 'P', 'Q', 'E', 'C']);
const CONTROL_ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f', v: '\v' };

export function extractLiterals(source: string): (string | null)[] {
  return splitTopLevel(source).map(bestLiteral);
}

/** Splits `a|b|c` at top level (not inside groups or classes). */
function splitTopLevel(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (source[i + 1] === '^') i++;
      if (source[i + 1] === ']') i++;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}

function bestLiteral(alt: string): string | null {
  const runs: string[] = [];
  let run = '';
  const endRun = () => {
    if (run.length > 0) runs.push(run);
    run = '';
  };
  let i = 0;
  while (i < alt.length) {
    const c = alt[i]!;
    let lit: string | null = null;
    let next = i + 1;
    if (c === '\\') {
      const e = alt[i + 1] ?? '';
      next = i + 2;
      if (CONTROL_ESCAPES[e]) lit = CONTROL_ESCAPES[e];
      else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(alt.slice(i + 2, i + 4))) {
        lit = String.fromCharCode(parseInt(alt.slice(i + 2, i + 4), 16));
        next = i + 4;
      } else if (CLASS_ESCAPES.has(e) || /[0-9a-zA-Z]/.test(e)) lit = null;
      else lit = e;
    } else if (c === '(') {
      next = skipGroup(alt, i);
    } else if (c === '[') {
      next = skipClass(alt, i);
    } else if ('.^$'.includes(c)) {
      lit = null;
    } else if ('?*+{'.includes(c)) {
      // A quantifier with nothing before it in this run (after a group or class): skip it.
      next = skipQuantifier(alt, i);
      endRun();
      i = next;
      continue;
    } else {
      lit = c;
    }
    // Look at the quantifier that follows this atom.
    const q = alt[next];
    let optional = false;
    let repeated = false;
    if (q === '?' || q === '*') optional = true;
    else if (q === '+') repeated = true;
    else if (q === '{') {
      const m = /^\{(\d*)(,?)(\d*)\}/.exec(alt.slice(next));
      if (m) {
        if (m[1] === '' || m[1] === '0') optional = true;
        else repeated = true;
      }
    }
    if (lit === null || optional) {
      endRun();
    } else {
      run += lit;
      if (repeated) endRun();
    }
    i = optional || repeated ? skipQuantifier(alt, next) : next;
  }
  endRun();
  let best: string | null = null;
  for (const r of runs) if (r.length >= MIN_LITERAL_LENGTH && (best === null || r.length > best.length)) best = r;
  return best;
}

function skipGroup(s: string, i: number): number {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === '\\') j++;
    else if (c === '[') j = skipClass(s, j) - 1;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j + 1;
  }
  return s.length;
}

function skipClass(s: string, i: number): number {
  let j = i + 1;
  if (s[j] === '^') j++;
  if (s[j] === ']') j++;
  for (; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === '[' && s[j + 1] === ':') {
      const end = s.indexOf(':]', j + 2);
      if (end > 0) j = end + 1;
    } else if (s[j] === ']') return j + 1;
  }
  return s.length;
}

function skipQuantifier(s: string, i: number): number {
  const c = s[i];
  let j = i;
  if (c === '?' || c === '*' || c === '+') j = i + 1;
  else if (c === '{') {
    const m = /^\{\d*,?\d*\}/.exec(s.slice(i));
    j = m ? i + m[0].length : i + 1;
  } else return i;
  // Lazy or possessive suffix.
  if (s[j] === '?' || s[j] === '+') j++;
  return j;
}
