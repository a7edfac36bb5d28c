import { readFileSync, writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { WEBHOOK_FIXTURES } from '../fixtures/webhook/regenerate.js';

// The checked-in payloads (used with `probot receive`) must be what the tests use.
it.each(Object.keys(WEBHOOK_FIXTURES))('%s is up to date (UPDATE_FIXTURES=1 rewrites it)', (name) => {
  const url = new URL(`../fixtures/webhook/${name}`, import.meta.url);
  const text = `${JSON.stringify(WEBHOOK_FIXTURES[name]!(), null, 2)}\n`;
  if (process.env.UPDATE_FIXTURES) writeFileSync(url, text);
  expect(readFileSync(url, 'utf8')).toBe(text);
});
