import { describe, expect, it } from 'vitest';
import { clip, foldLineBreaks, oneLine, showControlChars } from '../../src/markdown/text-hygiene.js';

describe('showControlChars', () => {
  it('shows C0 controls as control pictures, DEL too', () => {
    expect(showControlChars('a\u0000b\u0007c\bd\u007f')).toBe('a␀b␇c␈d␡');
  });

  it('shows bidi overrides, isolates, marks and C1 controls as code points', () => {
    expect(showControlChars('admin\u202Etxt.exe')).toBe('admin<U+202E>txt.exe');
    expect(showControlChars('\u2066x\u2069 \u200f \u061c \u0090')).toBe('<U+2066>x<U+2069> <U+200F> <U+061C> <U+0090>');
  });

  it('removes terminal sequences whole: colours, OSC-8 hyperlinks (both terminators), C1 CSI', () => {
    expect(showControlChars('\u001b[31mred\u001b[0m')).toBe('red');
    expect(showControlChars('\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\')).toBe('click');
    expect(showControlChars('\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007')).toBe('click');
    expect(showControlChars('\u009b31mx')).toBe('x');
  });

  it('keeps tabs, line breaks and ordinary Unicode', () => {
    expect(showControlChars('a\tb\nc é 😀 日本')).toBe('a\tb\nc é 😀 日本');
  });
});

describe('foldLineBreaks / oneLine', () => {
  it('folds CR, LF, CRLF, NEL, VT, FF, LS and PS, each to one space', () => {
    expect(foldLineBreaks('a\rb\nc\r\nd\u0085e\vf\fg\u2028h\u2029i')).toBe('a b c d e f g h i');
  });

  it('oneLine also makes controls visible', () => {
    expect(oneLine('job\r# x\u0000')).toBe('job # x␀');
  });
});

describe('clip', () => {
  it('cuts with an ellipsis and never splits a surrogate pair', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
    expect(clip('ab😀cd', 4)).toBe('ab…');
  });
});
