// The job's name from `Complete job name:` is found by a byte search and decoding only the lines that
// hold the phrase: it must give what the line pattern gives on the whole decoded start of the log.
import { describe, expect, it } from 'vitest';
import { JOB_NAME_LINE, jobNameIn } from '../../src/cli/log-sources.js';

const whole = (head: Buffer) => JOB_NAME_LINE.exec(head.toString('utf8'))?.[1]?.trim();

const cases: [string, Buffer][] = [
  ['timestamped', Buffer.from('2025-12-28T09:14:01.2000000Z Set up\n2025-12-28T09:14:01.2Z Complete job name: b\n')],
  ['BOM first', Buffer.from('\uFEFF2025-12-28T10:00:00.0000000Z Complete job name: lint\r\nnext\n')],
  ['no timestamp, CRLF', Buffer.from('x\r\nComplete job name: a b \r\n')],
  ['phrase mid-line first, then a real line', Buffer.from('echo Complete job name: fake\nComplete job name: real\n')],
  ['a CR inside the line', Buffer.from('junk\rComplete job name: after-cr\nComplete job name: later\n')],
  ['a CR after the name', Buffer.from('Complete job name: a\rb\n')],
  ['empty name', Buffer.from('Complete job name:  \nComplete job name: second\n')],
  ['U+2028 in the line', Buffer.from('x\u2028Complete job name: sep\n')],
  ['at the very end, no newline', Buffer.from('line\nComplete job name: last')],
  ['cut in a multi-byte character', Buffer.concat([Buffer.from('Complete job name: caf'), Buffer.from([0xc3])])],
  ['invalid UTF-8 before it', Buffer.concat([Buffer.from([0xff, 0xfe, 0x0a]), Buffer.from('Complete job name: ok\n')])],
  ['none', Buffer.from('2025-12-28T09:14:01.2000000Z Complete job: x\n')],
  ['empty', Buffer.alloc(0)],
];

describe('jobNameIn', () => {
  it.each(cases)('%s: as the pattern on the whole text', (_name, head) => {
    expect(jobNameIn(head)).toBe(whole(head));
  });

  it('finds names (the cases are not all misses)', () => {
    expect(cases.map(([, h]) => jobNameIn(h)).filter(Boolean).length).toBeGreaterThan(8);
    expect(jobNameIn(cases[3]![1])).toBe('real');
    expect(jobNameIn(cases[4]![1])).toBe('after-cr');
  });
});
