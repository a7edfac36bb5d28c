import { expect, it } from 'vitest';
import { createActionLog } from '../../src/action/action-log.js';

function capture(level = 'info') {
  const lines: string[] = [];
  const { log, errors } = createActionLog({ level, write: (l) => lines.push(l) });
  return { log, errors, lines };
}

it('turns warnings and errors into workflow commands and counts the errors', () => {
  const { log, errors, lines } = capture();
  log.info({ outcome: 'done', pr: 2 }, 'comment updated');
  log.warn('config has a typo');
  log.child({ repo: 'o/r' }).error({ err: Object.assign(new Error('Not Found'), { status: 404 }) }, 'could not read');
  expect(lines).toEqual([
    'comment updated outcome=done pr=2\n',
    '::warning::config has a typo\n',
    '::error::could not read repo=o/r error=404 Not Found\n',
  ]);
  expect(errors()).toBe(1);
});

it('keeps logged text from starting or smuggling a workflow command', () => {
  const { log, lines } = capture();
  log.info('::add-mask::x\n::error::forged');
  log.error('line one\n::warning::forged 100%');
  expect(lines).toEqual([' ::add-mask::x ::error::forged\n', '::error::line one%0A::warning::forged 100%25\n']);
});

it('drops lines below the level', () => {
  const { log, lines } = capture('warn');
  log.info('hidden');
  log.debug('hidden');
  expect(lines).toEqual([]);
});
