import type { RE2JS } from 're2js';
import {
  START_BASE,
  START_DEAD,
  type Anchored,
  type Captures,
  type CompiledEntry,
  type CompiledPattern,
  type Requirement,
  type StartTable,
} from '../model/catalog.js';
import { anchorHolds, lineShape, type LineShape } from './line-shape.js';
import { splitLine } from './normalize-line.js';
import { ProgramMatcher } from './program-matcher.js';

/**
 * Matches found per pattern per line at most. Evidence needs the first match; more only merge
 * captures (a 422 naming several volumes). Without a cap, a pattern whose match can run to the end
 * of the line (`aaaaa(?:[^b]*c)?`) rescans the rest of the line after each of its many matches:
 * quadratic in the line's length. With it, finding all matches costs at most this many scans.
 */
export const MAX_MATCHES_PER_LINE = 16;

/** What is used of a matcher: re2js's, or one of a stored program (same answers, program-matcher.ts). */
interface Matcher {
  find(from?: number): boolean;
  start(): number;
  end(): number;
  group(name: string): string | null;
}

/**
 * Lines on which a pattern's prefilter passed but it did not match, before its RE2 DFA is used to
 * reject such lines. Building a DFA costs more than the capture search that runs anyway on a match,
 * and most patterns see only a few lines that pass the prefilter (most of those match); a pattern
 * that keeps seeing lines it does not match gets the DFA, whose scans are then the cheaper part.
 */
const DFA_AFTER_MISSES = 8;

/**
 * Longer lines always go through the DFA first: past a few KiB RE2's capture search leaves its
 * bit-state backtracker for the NFA, whose scan of a long line costs far more than the DFA's.
 */
const DIRECT_FIND_CHARS = 2048;

/**
 * What one program's DFA may hold, in re2js's own estimate of its states and tables (its default is
 * 8 MiB per program). The built-in patterns use a few KiB each; a repository's signature (up to 50
 * of them, and the app keeps programs between jobs) could be written to fill the default on a log
 * made for it. A DFA that reaches this clears its cache and goes on, or hands the scan to RE2's
 * other engines (same answer, linear time): memory stays bounded, results do not change.
 */
export const MAX_DFA_BYTES = 256 * 1024;

/** Caps the DFA of `re` (see MAX_DFA_BYTES) before its first use; nothing when re2js has none to cap. */
function boundDfa(re: RE2JS): void {
  const dfa = re.re2().dfa as { maxMem?: unknown; stateBudget?: unknown; memBudget?: unknown } | undefined;
  if (!dfa || typeof dfa.maxMem !== 'number' || typeof dfa.memBudget !== 'number') return;
  if (dfa.maxMem <= MAX_DFA_BYTES) return;
  // The budget left shrinks by what the cache already holds; a cleared cache starts again from stateBudget.
  const used = dfa.maxMem - dfa.memBudget;
  dfa.maxMem = MAX_DFA_BYTES;
  dfa.stateBudget = MAX_DFA_BYTES;
  dfa.memBudget = Math.max(0, MAX_DFA_BYTES - used);
}

interface PatternState {
  /** One matcher per pattern, reset for each text: making one per line and pattern cost more than the match. */
  matcher: ReturnType<RE2JS['matcher']> | null;
  /** The matcher of the pattern's stored program (null: it has none); undefined until first needed. */
  stored: ProgramMatcher | null | undefined;
  misses: number;
  /** The program's DFA is capped (boundDfa): done before its first test(). */
  bounded: boolean;
}

// Matching is synchronous, so a matcher is never in use twice at once.
const states = new WeakMap<CompiledPattern, PatternState>();

function stateOf(p: CompiledPattern): PatternState {
  let s = states.get(p);
  if (!s) {
    s = { matcher: null, stored: undefined, misses: 0, bounded: false };
    states.set(p, s);
  }
  return s;
}

/**
 * The pattern's matcher, reset to `text`: its stored program's when it has one and the text is within
 * that search's bound (no RE2 compile, issue 13), else re2js's.
 */
function matcherFor(p: CompiledPattern, s: PatternState, text: string): Matcher {
  if (s.stored === undefined) s.stored = p.program ? new ProgramMatcher(p.program) : null;
  if (s.stored?.fits(text.length)) return s.stored.reset(text);
  if (s.matcher) return s.matcher.resetMatcherInput(text);
  return (s.matcher = p.re.matcher(text));
}

/** True when `text` holds what every match of `p` contains (RE2's own prefilter, see CompiledPattern). */
export function holds(r: Requirement, text: string): boolean {
  if (typeof r === 'string') return text.includes(r);
  if ('all' in r) {
    for (const sub of r.all) if (!holds(sub, text)) return false;
    return true;
  }
  for (const sub of r.any) if (holds(sub, text)) return true;
  return false;
}

/**
 * True when no match of a pattern anchored at the start can begin as `text` does (see StartTable):
 * a walk over the line's first characters, which stops at the first non-ASCII one.
 */
export function startRejects(t: StartTable, text: string): boolean {
  const { classes, width, next } = t;
  let state = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return false;
    state = next.charCodeAt(state * width + classes.charCodeAt(c) - START_BASE) - START_BASE;
    if (state < 0) return state === START_DEAD;
  }
  return false;
}

/**
 * True when a regex pattern (not a `literal` one) cannot match `text`: its start table, its
 * prefilter, then maybe its DFA, say so.
 */
function cannotMatch(p: CompiledPattern, s: PatternState, text: string): boolean {
  if (p.startTable !== undefined && startRejects(p.startTable, text)) return true;
  if (p.requires !== undefined && !holds(p.requires, text)) return true;
  if (s.misses < DFA_AFTER_MISSES && text.length <= DIRECT_FIND_CHARS) return false;
  if (!s.bounded) {
    boundDfa(p.re);
    s.bounded = true;
  }
  // test() runs RE2's DFA without captures.
  return !p.re.test(text);
}

/** Runs one pattern on a line; captures of the first match, or null. */
export function matchPattern(p: CompiledPattern, text: string): Captures | null {
  if (p.literal !== undefined) return text.includes(p.literal) ? {} : null;
  const s = stateOf(p);
  if (cannotMatch(p, s, text)) return null;
  const m = matcherFor(p, s, text);
  if (m.find()) return capturesOf(p, m);
  s.misses++;
  return null;
}

/**
 * Every match (up to MAX_MATCHES_PER_LINE) of one pattern in `text`, captures merged; null when
 * none. `work.chars` grows by the characters each scan may examine (from its start to the end).
 */
export function matchAllPattern(p: CompiledPattern, text: string, work?: { chars: number }): Captures | null {
  if (p.literal !== undefined) return matchAllLiteral(p.literal, text, work);
  const s = stateOf(p);
  if (cannotMatch(p, s, text)) {
    if (work) work.chars += text.length;
    return null;
  }
  const m = matcherFor(p, s, text);
  let merged: Captures | null = null;
  let from = 0;
  for (let n = 0; n < MAX_MATCHES_PER_LINE && from <= text.length; n++) {
    if (work) work.chars += text.length - from;
    if (!m.find(from)) break;
    const caps = capturesOf(p, m);
    if (merged) mergeCaptures(merged, caps);
    else merged = caps;
    // Continue after the match (one past an empty match), never inside it: each scan starts fresh text.
    from = m.end() > m.start() ? m.end() : m.start() + 1;
  }
  if (!merged) s.misses++;
  return merged;
}

/** matchAllPattern for a pattern that is the text `literal` (no groups): the same scans, with indexOf. */
function matchAllLiteral(literal: string, text: string, work?: { chars: number }): Captures | null {
  let found = false;
  let from = 0;
  for (let n = 0; n < MAX_MATCHES_PER_LINE && from <= text.length; n++) {
    if (work) work.chars += text.length - from;
    const at = text.indexOf(literal, from);
    if (at < 0) break;
    found = true;
    from = at + literal.length;
  }
  return found ? {} : null;
}

/**
 * Every match of `p` in `text` that its entry's `anchored:` allows on a line of this shape: for
 * `start`, only the match that begins where the message begins; otherwise all, if the line qualifies.
 */
export function matchAnchored(
  p: CompiledPattern,
  text: string,
  shape: LineShape,
  anchored: Anchored | undefined,
  work?: { chars: number },
): Captures | null {
  if (anchored !== 'start') return anchorHolds(anchored, shape, 0) ? matchAllPattern(p, text, work) : null;
  if (!anchorHolds('message', shape, 0)) return null;
  if (work) work.chars += text.length - shape.messageStart;
  // The first match at or after the message's start must begin there.
  if (p.literal !== undefined) return text.startsWith(p.literal, shape.messageStart) ? {} : null;
  const s = stateOf(p);
  if (cannotMatch(p, s, text)) return null;
  const m = matcherFor(p, s, text);
  if (m.find(shape.messageStart) && m.start() === shape.messageStart) return capturesOf(p, m);
  s.misses++;
  return null;
}

/**
 * Captures of the first match in a raw log line (timestamp, colours and all) as the engine would
 * see it: normalised, with the entry's `anchored:` applied; null when it does not count.
 */
export function matchEntryLine(c: CompiledEntry, raw: string): Captures | null {
  const { timestamp, text, indent } = splitLine(raw);
  const shape = lineShape(text, indent, timestamp !== null);
  const anchored = c.entry.anchored;
  if (anchored !== 'start' && !anchorHolds(anchored, shape, 0)) return null;
  for (const p of c.patterns) {
    const caps = anchored === 'start' ? matchAnchored(p, text, shape, anchored) : matchPattern(p, text);
    if (caps) return caps;
  }
  return null;
}

/** Captures of the first match of any of the entry's patterns in `text`, or null. */
export function matchEntry(c: CompiledEntry, text: string): Captures | null {
  for (const p of c.patterns) {
    const caps = matchPattern(p, text);
    if (caps) return caps;
  }
  return null;
}

/** Every match of every pattern of the entry in `text`, captures merged (distinct values become lists). */
export function matchEntryAll(c: CompiledEntry, text: string): Captures | null {
  let merged: Captures | null = null;
  for (const p of c.patterns) {
    const caps = matchAllPattern(p, text);
    if (!caps) continue;
    if (merged) mergeCaptures(merged, caps);
    else merged = caps;
  }
  return merged;
}

function capturesOf(p: CompiledPattern, m: Matcher): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of p.groupNames) {
    const v = m.group(name);
    if (v !== null && v !== undefined) out[name] = v;
  }
  return out;
}

/** Adds `add` into `into`: a name with several distinct values becomes a list, in first-seen order. */
export function mergeCaptures(into: Captures, add: Captures): void {
  for (const [k, v] of Object.entries(add)) {
    const values = Array.isArray(v) ? v : [v];
    for (const value of values) {
      const cur = into[k];
      if (cur === undefined) into[k] = value;
      else if (Array.isArray(cur)) {
        if (!cur.includes(value)) cur.push(value);
      } else if (cur !== value) into[k] = [cur, value];
    }
  }
}
