import yaml from 'js-yaml';
import { FileParseError, toFileParseError } from './file-parse-error.js';

/**
 * js-yaml with source offsets. We never re-dump YAML: fixes edit the user's text at the offsets
 * recorded here, so comments, quoting, indentation and key order survive untouched.
 */
export interface YamlNode {
  kind: 'scalar' | 'mapping' | 'sequence' | 'null';
  value: unknown;
  /** Offset of the node's first character (after separation space and comments). */
  start: number;
  /** Offset just past the node's last non-space character. */
  end: number;
  /** Mappings: key, value, key, value...; sequences: items. Empty for scalars. */
  children: YamlNode[];
}

interface RawNode {
  open: number;
  close: number;
  kind: string;
  value: unknown;
  children: RawNode[];
}

/** Skips spaces, line breaks and `#` comments from `pos`. */
export function skipSpaceAndComments(text: string, pos: number): number {
  let p = pos;
  while (p < text.length) {
    const ch = text[p]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') p++;
    else if (ch === '#') {
      while (p < text.length && text[p] !== '\n') p++;
    } else break;
  }
  return p;
}

function trimBack(text: string, from: number, to: number): number {
  let p = to;
  while (p > from && /\s/.test(text[p - 1]!)) p--;
  return p;
}

function finish(text: string, raw: RawNode): YamlNode {
  const children = raw.kind === 'mapping' || raw.kind === 'sequence' ? raw.children.map((c) => finish(text, c)) : [];
  if (raw.value === null || raw.value === undefined) {
    const at = trimBack(text, raw.open, raw.open);
    return { kind: 'null', value: null, start: at, end: at, children: [] };
  }
  const start = skipSpaceAndComments(text, raw.open);
  let end: number;
  if (children.length > 0) end = Math.max(children[children.length - 1]!.end, start);
  else end = Math.max(trimBack(text, start, raw.close), start);
  // Flow collections end with a bracket that no child covers.
  if ((raw.kind === 'mapping' || raw.kind === 'sequence') && (text[start] === '{' || text[start] === '[')) {
    end = Math.max(end, trimBack(text, start, raw.close));
  }
  const kind = raw.kind === 'mapping' || raw.kind === 'sequence' ? raw.kind : 'scalar';
  return { kind, value: raw.value, start, end, children };
}

/** Parses one YAML document and returns its root node with offsets; throws FileParseError. */
export function parseYamlWithPositions(text: string, path: string): YamlNode {
  const root: RawNode = { open: 0, close: text.length, kind: 'root', value: null, children: [] };
  const stack: RawNode[] = [root];
  let value: unknown;
  try {
    value = yaml.load(text, {
      filename: path,
      listener(event, state) {
        if (event === 'open') {
          const node: RawNode = {
            open: state.position,
            close: state.position,
            kind: '',
            value: undefined,
            children: [],
          };
          stack[stack.length - 1]!.children.push(node);
          stack.push(node);
        } else {
          const node = stack.pop()!;
          node.close = state.position;
          node.kind = state.kind ?? '';
          node.value = state.result;
        }
      },
    });
  } catch (err) {
    throw toFileParseError(err, path);
  }
  const top = root.children[0];
  if (!top || value === undefined) throw new FileParseError(path, 1, 1, 'the file is empty');
  return finish(text, top);
}

/** Key/value pairs of a mapping node (empty for anything else). */
export function mappingEntries(node: YamlNode | undefined): { key: YamlNode; value: YamlNode }[] {
  if (!node || node.kind !== 'mapping') return [];
  const out: { key: YamlNode; value: YamlNode }[] = [];
  for (let i = 0; i + 1 < node.children.length; i += 2)
    out.push({ key: node.children[i]!, value: node.children[i + 1]! });
  return out;
}

/** The value node of `key` in a mapping, or undefined. */
export function mappingGet(node: YamlNode | undefined, key: string): YamlNode | undefined {
  return mappingEntries(node).find((e) => e.key.value === key)?.value;
}

/** The key node of `key` in a mapping, or undefined. */
export function mappingKey(node: YamlNode | undefined, key: string): YamlNode | undefined {
  return mappingEntries(node).find((e) => e.key.value === key)?.key;
}

/** Offset of the start of the line holding `pos`. */
export function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/** Offset just past the line break ending the line holding `pos` (or the text's end). */
export function nextLineStart(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos);
  return nl < 0 ? text.length : nl + 1;
}

/** 0-based column of `pos`. */
export function columnOf(text: string, pos: number): number {
  return pos - lineStart(text, pos);
}

/** 1-based line number of `pos`. */
export function lineOf(text: string, pos: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The file's line break: CRLF files stay CRLF. */
export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** True when `node` is written in block style (not `{...}` / `[...]`). */
export function isBlock(text: string, node: YamlNode): boolean {
  return node.kind !== 'null' && text[node.start] !== '{' && text[node.start] !== '[';
}
