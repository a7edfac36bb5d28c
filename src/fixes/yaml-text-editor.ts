import { applyEdits, type TextEdit } from './text-edits.js';
import {
  columnOf,
  eolOf,
  lineStart,
  mappingEntries,
  nextLineStart,
  type YamlNode,
} from '../workflow/yaml-positions.js';

/** Thrown when the text cannot be edited safely (flow style, odd layout): the fix explains instead. */
export class UneditableYamlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UneditableYamlError';
  }
}

/**
 * Line-based edits on block-style YAML at offsets from `parseYamlWithPositions`. New lines follow
 * the file's line breaks and the indentation of their neighbours; nothing else is rewritten.
 */
export class YamlTextEditor {
  readonly eol: string;
  private readonly edits: TextEdit[] = [];

  constructor(
    readonly text: string,
    /** One indentation step for generated nested content. */
    readonly indentUnit = '  ',
  ) {
    this.eol = eolOf(text);
  }

  /** Replaces a scalar's text (quotes included in the span). */
  replace(start: number, end: number, text: string): void {
    this.edits.push({ start, end, text });
  }

  /** Column of the `-` of a block sequence item, or throws when the item is not on a `- ` line. */
  dashColumn(item: YamlNode): number {
    const ls = lineStart(this.text, item.start);
    const prefix = this.text.slice(ls, item.start);
    const m = /^(\s*)-\s+$/.exec(prefix);
    if (!m) throw new UneditableYamlError(`the list item at offset ${item.start} is not written as a ` +
      `block item (\`- ...\` on its own line)`);
    return m[1]!.length;
  }

  /** Removes whole block sequence items (their lines, including trailing comments on them). */
  removeItems(seq: YamlNode, items: YamlNode[], keyOfSeq?: YamlNode): void {
    for (const item of items) {
      this.dashColumn(item);
      this.edits.push({ start: lineStart(this.text, item.start), end: nextLineStart(this.text, item.end), text: '' });
    }
    // A key left with no items would read as null; `[]` keeps it a list.
    if (keyOfSeq && items.length === seq.children.length) {
      const colon = this.text.indexOf(':', keyOfSeq.end);
      this.edits.push({ start: colon + 1, end: colon + 1, text: ' []' });
    }
  }

  private insertLines(at: number, lines: string[]): void {
    let prefix = '';
    if (at === this.text.length && this.text.length > 0 && !this.text.endsWith('\n')) prefix = this.eol;
    this.edits.push({ start: at, end: at, text: prefix + lines.map((l) => l + this.eol).join('') });
  }

  /** Appends an item to a block sequence; `lines` are the item's lines relative to its content column. */
  appendItem(seq: YamlNode, lines: string[]): void {
    const first = seq.children[0];
    const last = seq.children[seq.children.length - 1];
    if (!first || !last) throw new UneditableYamlError('cannot append to an empty list');
    const dash = this.dashColumn(first);
    const content = columnOf(this.text, first.start);
    this.insertLines(nextLineStart(this.text, last.end), this.itemLines(dash, content - dash - 1, lines));
  }

  private itemLines(dash: number, gap: number, lines: string[]): string[] {
    const content = dash + 1 + Math.max(gap, 1);
    return lines.map((l, i) =>
      i === 0
        ? `${' '.repeat(dash)}-${' '.repeat(Math.max(gap, 1))}${l}`
        : l === ''
          ? ''
          : `${' '.repeat(content)}${l}`,
    );
  }

  /**
   * Adds `key:` with a block sequence holding `items` at the end of a block mapping.
   * `dashOffset` is how far the dashes sit right of the key (0 or one indent step, as the file does).
   * With `before` (a key of the same mapping) the new key goes on the line above it.
   */
  appendSequenceKey(map: YamlNode, key: string, items: string[][], dashOffset: number, before?: YamlNode): void {
    const entries = mappingEntries(map);
    const lastEntry = entries[entries.length - 1];
    if (!lastEntry) throw new UneditableYamlError(`cannot add \`${key}\` to an empty mapping`);
    const keyCol = columnOf(this.text, entries[0]!.key.start);
    if (before && lineStart(this.text, before.start) + keyCol !== before.start) {
      throw new UneditableYamlError(`\`${String(before.value)}\` does not start its own line`);
    }
    const out = [`${' '.repeat(keyCol)}${key}:`];
    for (const item of items) out.push(...this.itemLines(keyCol + dashOffset, 1, item));
    const at = before
      ? lineStart(this.text, before.start)
      : nextLineStart(this.text, lastEntry.value.end > lastEntry.key.end ? lastEntry.value.end : lastEntry.key.end);
    this.insertLines(at, out);
  }

  /** Appends a comment to the end of the line holding `pos`, unless the line already has one. */
  appendComment(pos: number, comment: string): boolean {
    const end = this.text.indexOf('\n', pos);
    const lineEnd = end < 0 ? this.text.length : this.text[end - 1] === '\r' ? end - 1 : end;
    const line = this.text.slice(lineStart(this.text, pos), lineEnd);
    if (/(^|\s)#/.test(line)) return false;
    this.edits.push({ start: lineEnd, end: lineEnd, text: ` # ${comment}` });
    return true;
  }

  /** Inserts whole lines at the start of the line after `pos`. */
  insertAfterLineOf(pos: number, lines: string[]): void {
    this.insertLines(nextLineStart(this.text, pos), lines);
  }

  get changed(): boolean {
    return this.edits.length > 0;
  }

  result(): string {
    return applyEdits(this.text, this.edits);
  }
}

/** The indentation step a file uses: the first nested mapping's offset from its parent key. */
export function detectIndentUnit(text: string, root: YamlNode): string {
  for (const { key, value } of mappingEntries(root)) {
    if (value.kind === 'mapping' || value.kind === 'sequence') {
      const first = value.kind === 'mapping' ? value.children[0] : value.children[0];
      if (!first) continue;
      const diff = columnOf(text, first.start) - columnOf(text, key.start);
      if (diff >= 2 && diff <= 8 && value.kind === 'mapping') return ' '.repeat(diff);
    }
  }
  return '  ';
}
