#!/usr/bin/env node
// Adds a real job log to the regression corpus: `npm run corpus:add -- <file|URL|-> --source URL ...`.
// Copies the text verbatim (only whole lines cut at the ends, with --from/--to), shows what runner-doctor
// finds today, asks for the expected root cause and its line (or takes --id/--line), and appends the case
// to test/fixtures/logs/corpus.yaml. Needs `npm run build` first (it runs the built engine from lib/).
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KINDS = ['infra', 'user-code', 'green'];

const USAGE = `Usage: npm run corpus:add -- <file|URL|-> --source <URL> [options]

  --source <URL>       where the log was copied from (https; required: the corpus holds only real logs)
  --name <name>        file name under test/fixtures/logs/real/ (kebab-case, without .log)
  --kind <kind>        infra | user-code | green
  --id <id|none>       expected root cause (none: no root cause)
  --line <N>           1-based line of the root cause's evidence in the written file
  --line-of <text>     the same, given as text: the first line that contains it
  --from <N>, --to <M> keep only lines N..M of the input (a log quoted in a page); sets trimmed
  --trimmed <ends>     none | start | end | both (default: from --from/--to, else none)
  --description <text> what happened, in a sentence
  --section <text>     put the case at the end of the manifest section whose \`# ---\` header contains <text>
                       (before its \`# (end of ...)\` line); default: at the end of the manifest
  --corpus <file>      the manifest to add to (default test/fixtures/logs/corpus.yaml); the log goes to
                       real/ next to it
  --yes                do not ask; every needed answer must be given as an option
`;

function fail(message) {
  process.stderr.write(`corpus-add: ${message}\n`);
  process.exit(2);
}

const { values: opt, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: Object.fromEntries(
        ['source', 'name', 'kind', 'id', 'line', 'line-of', 'from', 'to', 'trimmed', 'description', 'section', 'corpus'].map((k) => [k, { type: 'string' }])
          .concat([['yes', { type: 'boolean' }], ['help', { type: 'boolean', short: 'h' }]]),
      ),
    });
  } catch (err) {
    return fail(`${err.message}\n${USAGE}`);
  }
})();
if (opt.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (positionals.length !== 1) fail(`give one input (a file, a URL or -)\n${USAGE}`);

const MANIFEST = path.resolve(opt.corpus ?? path.join(ROOT, 'test/fixtures/logs/corpus.yaml'));
const LOG_DIR = path.dirname(MANIFEST);
if (!existsSync(MANIFEST)) fail(`no manifest ${MANIFEST} (give --corpus the corpus.yaml to add to)`);

async function readInput(input) {
  if (input === '-') {
    const chunks = [];
    for await (const c of process.stdin) chunks.push(c);
    return Buffer.concat(chunks);
  }
  if (/^https?:\/\//.test(input)) {
    const res = await globalThis.fetch(input).catch((err) => fail(`cannot fetch ${input}: ${err.message}`));
    if (!res.ok) fail(`cannot fetch ${input}: HTTP ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }
  if (!existsSync(input)) fail(`no file ${input}`);
  return readFileSync(input);
}

const input = positionals[0];
const source = opt.source ?? (/^https:\/\//.test(input) ? input : undefined);
if (!source || !/^https:\/\/\S+$/.test(source)) fail('--source must be the https URL the log was copied from');

const bytes = await readInput(input);
if (bytes.includes(0)) fail(`${input} is not a text log (it holds NUL bytes)`);
const text = bytes.toString('utf8');

// Normalise: whole lines only, the same line endings as the source, cut only at the ends.
let lines = text.split('\n');
if (lines.at(-1) === '') lines.pop();
const from = opt.from ? Number(opt.from) : 1;
const to = opt.to ? Number(opt.to) : lines.length;
if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to > lines.length || from > to) {
  fail(`--from/--to must be line numbers within 1..${lines.length}`);
}
lines = lines.slice(from - 1, to);
while (lines.length && lines[0].trim() === '') lines.shift();
while (lines.length && lines.at(-1).trim() === '') lines.pop();
if (lines.length === 0) fail('nothing left of the log');
const trimmed = opt.trimmed ?? (from > 1 && to < text.split('\n').length - 1 ? 'both' : from > 1 ? 'start' : opt.to ? 'end' : 'none');
if (!['none', 'start', 'end', 'both'].includes(trimmed)) fail('--trimmed must be none, start, end or both');
const body = `${lines.join('\n')}\n`;

const name = opt.name ?? path.basename(input).replace(/\.[a-z]+$/i, '');
if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) fail(`--name ${name}: use lowercase kebab-case`);
const rel = `real/${name}.log`;
const dest = path.join(LOG_DIR, rel);
if (existsSync(dest)) fail(`${rel} exists already; choose another --name`);

// What runner-doctor says today (the built engine), as the proposal to confirm or correct.
const { loadCatalog } = await import(path.join(ROOT, 'lib/catalog/load-catalog.js')).catch(() =>
  fail('run `npm run build` first (the script uses the built engine in lib/)'));
const { diagnose } = await import(path.join(ROOT, 'lib/engine/diagnose.js'));
const d = await diagnose(body, { catalog: await loadCatalog(), source: rel });
const found = d.rootCause?.id ?? 'none';
const foundLine = d.rootCause?.evidence[0]?.line;
process.stderr.write(`${rel}: ${lines.length} lines; runner-doctor finds ${found}${foundLine ? ` on line ${foundLine}` : ''}\n`);

const rl = opt.yes ? null : readline.createInterface({ input: process.stdin, output: process.stderr });
async function ask(question, given, fallback) {
  if (given !== undefined) return given;
  // --yes takes no proposal: an expected answer copied from runner-doctor's own would test nothing.
  if (!rl) return fail(`--yes needs ${question} (given as an option)`);
  const answer = (await rl.question(`${question}${fallback ? ` [${fallback}]` : ''}: `)).trim();
  return answer || fallback || ask(question, undefined, fallback);
}
const kind = await ask('kind (infra, user-code, green)', opt.kind, found === 'none' ? 'green' : undefined);
if (!KINDS.includes(kind)) fail(`kind must be one of ${KINDS.join(', ')}`);
const id = kind === 'green' ? 'none' : await ask('expected root cause id (or none)', opt.id, found);
if (opt['line-of'] !== undefined && opt.line === undefined) {
  const at = lines.findIndex((l) => l.includes(opt['line-of']));
  if (at < 0) fail(`no line contains ${JSON.stringify(opt['line-of'])}`);
  opt.line = String(at + 1);
}
const lineText = id === 'none' ? undefined : await ask('line of its evidence', opt.line, foundLine ? String(foundLine) : undefined);
const line = lineText === undefined ? undefined : Number(lineText);
if (line !== undefined && (!Number.isInteger(line) || line < 1 || line > lines.length)) fail(`--line must be within 1..${lines.length}`);
const description = await ask('description', opt.description, undefined);
rl?.close();

const q = (s) => JSON.stringify(s);
const miss = id !== found || (line !== undefined && line !== foundLine)
  ? `runner-doctor finds ${found}${foundLine ? ` on line ${foundLine}` : ''}` : undefined;
const entry = [
  `- file: ${rel}`,
  `  description: ${q(description)}`,
  `  source: ${source}`,
  `  trimmed: ${trimmed}`,
  `  kind: ${kind}`,
  `  rootCause: ${id === 'none' ? 'null' : id}`,
  ...(line !== undefined ? [`  line: ${line}`] : []),
  ...(miss ? [`  miss: ${q(miss)}`] : []),
].join('\n');

/** The manifest with the entry at the end of the named section, or at the end of the file. */
function withEntry(manifest) {
  if (opt.section === undefined) return `${manifest.replace(/\n*$/, '\n')}\n${entry}\n`;
  const rows = manifest.split('\n');
  const header = rows.findIndex((r) => r.startsWith('# ---') && r.includes(opt.section));
  if (header < 0) fail(`--section: no \`# ---\` header in ${MANIFEST} contains ${JSON.stringify(opt.section)}`);
  const end = rows.findIndex((r, i) => i > header && r.startsWith('# (end of'));
  if (end < 0) fail(`--section: the section ${JSON.stringify(rows[header])} has no \`# (end of ...)\` line`);
  let at = end;
  while (at > header + 1 && rows[at - 1].trim() === '') at--;
  rows.splice(at, end - at, '', ...entry.split('\n'), '');
  return rows.join('\n');
}
const manifest = withEntry(readFileSync(MANIFEST, 'utf8'));
mkdirSync(path.dirname(dest), { recursive: true });
writeFileSync(dest, body);
writeFileSync(MANIFEST, manifest);
process.stderr.write(`wrote ${rel} and its case in corpus.yaml${miss ? ` (a known miss: ${miss})` : ''}\n`);
