import { redact } from './redact.js';

/**
 * Makes text that may carry log captures safe as markdown prose: secrets redacted, mentions and
 * issue references neutralised, and `<` outside code spans escaped (GitHub would otherwise
 * drop `<runner>`-style placeholders as unknown HTML tags, and a log line could open a `<details>`).
 * Code spans (`...`) are kept as written, since GitHub shows them literally.
 */
export function prose(text: string): string {
  const parts = text.split(/(`+[^`]*?`+)/);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return redact(part, { mentions: false });
      return redact(part).replace(/</g, '&lt;');
    })
    .join('');
}

/** One line of prose: newlines folded so the text cannot start a heading, list or table row. */
export function proseLine(text: string): string {
  return prose(text.replace(/\s*\r?\n\s*/g, ' '));
}

/**
 * Joins hard-wrapped lines of a paragraph: GitHub renders every newline in a comment as a line
 * break, so catalog text wrapped at 100 columns would show ragged. Lists, quotes, tables, headings
 * and code blocks keep their lines.
 */
export function unwrap(text: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of text.split('\n')) {
    const fence = /^\s*(```|~~~)/.test(line);
    const prev = out[out.length - 1];
    const joinable =
      !inFence &&
      !fence &&
      prev !== undefined &&
      prev.trim() !== '' &&
      line.trim() !== '' &&
      !/^\s*(?:[-*+]\s|\d+[.)]\s|>|\||#)/.test(line) &&
      !/^\s*(```|~~~|#|\|)/.test(prev) &&
      !prev.endsWith('  ');
    if (joinable) out[out.length - 1] = `${prev.trimEnd()} ${line.trimStart()}`;
    else out.push(line);
    if (fence) inFence = !inFence;
  }
  return out.join('\n');
}
