import { expect, it } from 'vitest';
import { parseDiagnoseCommand } from '../../src/handlers/parse-diagnose-command.js';

it.each([
  ['/diagnose', { kind: 'latest' }],
  ['Could you look?\r\n  /diagnose  \r\nthanks', { kind: 'latest' }],
  ['/diagnose 20507531951', { kind: 'run', runId: 20507531951 }],
  [
    '/diagnose https://github.com/octo-org/octo-repo/actions/runs/20507531951/job/589?pr=2',
    { kind: 'run', owner: 'octo-org', repo: 'octo-repo', runId: 20507531951 },
  ],
  ['/diagnose https://ghe.example.com/o/r/actions/runs/7', { kind: 'run', owner: 'o', repo: 'r', runId: 7 }],
  ['/diagnose latest-please', { kind: 'invalid', arg: 'latest-please' }],
])('%j -> %j', (body, expected) => {
  expect(parseDiagnoseCommand(body)).toEqual(expected);
});

it.each([['please /diagnose this'], ['> /diagnose'], ['/diagnosed'], ['/diagnose 1 2'], ['']])('%j is not a command', (body) => {
  expect(parseDiagnoseCommand(body)).toBeNull();
});
