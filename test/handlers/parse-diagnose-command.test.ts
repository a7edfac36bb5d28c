import { expect, it } from 'vitest';
import { parseDiagnoseCommand } from '../../src/handlers/parse-diagnose-command.js';

it.each([
  ['/diagnose', { kind: 'latest' }],
  ['Could you look?\r\n  /diagnose  \r\nthanks', { kind: 'latest' }],
  ['/diagnose 20507531951', { kind: 'run', runId: '20507531951' }],
  [
    '/diagnose https://github.com/octo-org/octo-repo/actions/runs/20507531951/job/589?pr=2',
    { kind: 'run', owner: 'octo-org', repo: 'octo-repo', runId: '20507531951' },
  ],
  ['/diagnose https://ghe.example.com/o/r/actions/runs/7', { kind: 'run', owner: 'o', repo: 'r', runId: '7' }],
  ['/diagnose latest-please', { kind: 'invalid', arg: 'latest-please' }],
  // Past 2^53 the id stays exact (as a number it would become ...992).
  ['/diagnose 9007199254740993', { kind: 'run', runId: '9007199254740993' }],
  ['/diagnose 012', { kind: 'invalid', arg: '012' }],
  ['/diagnose 0', { kind: 'invalid', arg: '0' }],
  ['```\n/diagnose 1\n```\n/diagnose 2', { kind: 'run', runId: '2' }],
  ['`x\n/diagnose 1\n` and\n\n/diagnose', { kind: 'latest' }],
])('%j -> %j', (body, expected) => {
  expect(parseDiagnoseCommand(body)).toEqual(expected);
});

it.each([
  ['please /diagnose this'], ['> /diagnose'], ['/diagnosed'], ['/diagnose 1 2'], [''],
  ['Try this:\n```\n/diagnose\n```'],
  ['~~~~ text\n/diagnose\n~~~\nstill code\n~~~~'],
  ['    /diagnose'],
  ['Type `` a\n/diagnose\n`` to run it'],
  ['<!--\n/diagnose\n-->'],
])('%j is not a command', (body) => {
  expect(parseDiagnoseCommand(body)).toBeNull();
});
