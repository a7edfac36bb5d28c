import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeZip } from './make-zip.js';
import { runCli } from './run-cli.js';

// Every log of the corpus (real ones included), given as it is, as `gh run view --log` prints it, and inside a
// run's log archive: the three must give the same answer, line numbers and texts included.
const ROOT = path.resolve('test/fixtures/logs');
const files = [
  ...readdirSync(ROOT).filter((f) => f.endsWith('.log')),
  ...readdirSync(path.join(ROOT, 'real')).filter((f) => f.endsWith('.log')).map((f) => `real/${f}`),
]
  .filter((f) => readFileSync(path.join(ROOT, f)).length > 0)
  .sort();

type Finding = { id: string; role: string; evidence: { source: string; line: number; text: string; step: string | null }[] };
type Out = { summary: string; rootCause: { id: string } | null; findings: Finding[] };

/** What must not change with the wrapping: everything but where the text came from. */
const answer = (d: Out) => ({
  summary: d.summary,
  rootCause: d.rootCause?.id ?? null,
  findings: d.findings.map((f) => ({
    id: f.id,
    role: f.role,
    evidence: f.evidence.map((e) => ({ line: e.line, text: e.text, step: e.step })),
  })),
});

async function diagnoseAll(args: string[], stdin?: Buffer): Promise<Out[]> {
  const r = await runCli([...args, '--format', 'json'], { cwd: ROOT, ...(stdin ? { stdin } : {}) });
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return [JSON.parse(r.out)].flat() as Out[];
}

/** gh prints `JOB<TAB>STEP<TAB>LINE` for each line of the raw log, its scanner dropping a CR before the LF. */
function asGhColumns(job: string, text: Buffer): Buffer {
  const lines = text.toString('latin1').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return Buffer.from(lines.map((l) => `${job}\tUNKNOWN STEP\t${l.replace(/\r$/, '')}\n`).join(''), 'latin1');
}

describe('the same log in every input format gives the same answer', () => {
  it(`${files.length} corpus logs: plain, gh columns, log archive`, async () => {
    expect(files.length).toBeGreaterThan(50);
    const plain = (await diagnoseAll(['diagnose', ...files])).map(answer);

    // gh recognises its columns by the first lines: open with a log the runner timestamped.
    const stamped = files.findIndex((f) => /^\uFEFF?\d{4}-\d\d-\d\dT/.test(readFileSync(path.join(ROOT, f), 'utf8')));
    const order = [stamped, ...files.keys()].filter((i, n, all) => all.indexOf(i) === n);
    const gh = Buffer.concat(order.map((i) => asGhColumns(`job ${i}`, readFileSync(path.join(ROOT, files[i]!)))));
    const viaGh = (await diagnoseAll(['diagnose', '-'], gh)).map(answer);
    expect(viaGh).toHaveLength(files.length);
    order.forEach((i, n) => expect(viaGh[n], files[i]).toEqual(plain[i]));

    const dir = mkdtempSync(path.join(tmpdir(), 'rd-corpus-zip-'));
    try {
      const zip = path.join(dir, 'logs_1.zip');
      writeFileSync(zip, makeZip(files.map((f, i) => ({ name: `${i}_job ${i}.txt`, data: readFileSync(path.join(ROOT, f)) }))));
      const viaZip = (await diagnoseAll(['diagnose', zip])).map(answer);
      expect(viaZip).toHaveLength(files.length);
      files.forEach((f, i) => expect(viaZip[i], f).toEqual(plain[i]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
