#!/usr/bin/env node
'use strict';
// The CLI's launcher. CommonJS (bin/package.json says so): Node's ESM loader cost a small log
// about a third of its time in resolving, linking and compiling modules (issue 13), so the fast
// path is one CommonJS file, lib/bundle/cli.cjs (scripts/build-cli-bundle.mjs), compiled here with
// vm.Script and the V8 code cache built with it (lib/bundle/cli.code-cache): V8 then deserializes
// the bytecode of every function a diagnosis runs instead of parsing and compiling it. The cache
// belongs to one V8 version and set of flags; under any other Node, V8 rejects it and compiles the
// source, which is only slower; a cache not stamped for the file's text (STAMP_LINE) is not given to V8.
// Nothing is written at run time: the package may be read-only.
//
// The build writes the bundle as the function Node wraps a CommonJS module in (WRAPPER_HEAD ... WRAPPER_TAIL),
// so its text is compiled as read: joining the wrapper on here copied all 345 KB once more into the young
// generation, which cost a scavenge of the diagnosis that follows (about 1 ms).
//
// A bundle that is missing, not so wrapped, or does not compile or load falls back to the compiled ES modules
// in lib/ (nothing has run yet); same source, same output (test/cli/bundle-same-output.test.ts).
// RUNNER_DOCTOR_BUNDLE=0 asks for lib/; RUNNER_DOCTOR_CODE_CACHE=0 compiles the bundle without its cache.
const fs = require('node:fs');
const path = require('node:path');

const BUNDLE = path.join(__dirname, '..', 'lib', 'bundle', 'cli.cjs');
const CODE_CACHE = path.join(__dirname, '..', 'lib', 'bundle', 'cli.code-cache');
// The function Node wraps a CommonJS module in, plus the bundle's stand-in for `import()` (see esmImport).
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname, __rdImport) {';
const WRAPPER_TAIL = '\n})';
// The build's stamp on each bundle file: its last line names a hash of its text, and its code cache starts with the
// same 16 characters. V8 checks a cache against its source's length only, so a cache from another build whose file
// happens to have the same length would be taken, and that build's code run; a stamp that differs is not taken.
const STAMP_LINE = /\n\/\/ build ([0-9a-f]{16})\n$/;
const STAMP_CHARS = 16;
/** The bundle's vendor files, as it requires them (scripts/build-cli-bundle.mjs). */
const VENDOR = /^\.\/vendor-[a-z0-9-]+\.cjs$/;

/**
 * Compiles and runs the bundle (`file`), with the code cache `codeCache` (a path, or null for none).
 * Returns its exports, the vm.Script (the build makes the cache from it), what was done with the cache
 * ('accepted', 'rejected', 'none'; see compile), the text's stamp, and the vendor files loaded so far
 * (`chunks`, see loadChunk); null when the bundle is missing or fails to load.
 */
function loadBundle({ file = BUNDLE, codeCache = CODE_CACHE } = {}) {
  const source = readLatin1(file);
  if (source === null || !source.startsWith(WRAPPER_HEAD) || !unstamped(source).endsWith(WRAPPER_TAIL)) return null;
  try {
    const compiled = compile(file, source, codeCache);
    const dir = path.dirname(file);
    const chunks = new Map();
    // The bundle's require(): builtins from here; its vendor files by loadChunk; packages resolved from its
    // folder, by a require made when first needed (loading node:module for it was 0.3 ms of every start-up).
    let fromBundle;
    const resolved = (id) => (fromBundle ??= require('node:module').createRequire(file))(id);
    const req = (id) => {
      if (id.startsWith('node:')) return require(id);
      if (!VENDOR.test(id)) return resolved(id);
      const chunk = path.join(dir, id);
      if (!chunks.has(chunk)) {
        chunks.set(chunk, loadChunk(chunk, codeCache && chunk.replace(/\.cjs$/, '.code-cache'), req));
      }
      return chunks.get(chunk)?.exports ?? resolved(id);
    };
    const mod = { exports: {} };
    compiled.script.runInThisContext()(mod.exports, req, mod, file, dir, (specifier) => esmImport(specifier, dir));
    return { exports: mod.exports, script: compiled.script, cache: compiled.cache, stamp: compiled.stamp, chunks };
  } catch {
    return null;
  }
}

/**
 * A vendor file of the bundle (lib/bundle/vendor-*.cjs: a library only some runs use, such as js-yaml
 * for a workflow or diff for a fix) compiled with its own code cache (`codeCache`, vendor-*.code-cache,
 * made by the build's warm-up when that run used it; null: none), as Node's loader would run it but
 * without parsing and compiling it: Node's require() of js-yaml and diff, then their first calls, cost a
 * diagnosis with its workflow several ms. Returns { exports, script, cache, stamp }, or null when it does not
 * load: the bundle then requires it from its folder as Node would (the same file, only slower).
 */
function loadChunk(file, codeCache, req) {
  const source = readLatin1(file);
  if (source === null) return null;
  try {
    // A small file: the wrapper is joined on here, and the file stays a plain CommonJS module.
    const compiled = compile(file, WRAPPER_HEAD + source + WRAPPER_TAIL, codeCache, stampOf(source));
    const mod = { exports: {} };
    compiled.script.runInThisContext()(mod.exports, req, mod, file, path.dirname(file), () => {
      throw new Error(`${file}: import() is not for vendor files`);
    });
    return { exports: mod.exports, script: compiled.script, cache: compiled.cache, stamp: compiled.stamp };
  } catch {
    return null;
  }
}

/**
 * A vm.Script of `source` (named `file`) with the code cache at `codeCache` if any, and what was done with it:
 * 'accepted', 'rejected' (by V8, or here: not stamped for this text) or 'none'. Also the text's `stamp`.
 */
function compile(file, source, codeCache, stamp = stampOf(source)) {
  let bytes;
  if (codeCache) {
    try {
      bytes = fs.readFileSync(codeCache);
    } catch {
      // No cache (a build without one): compile the source.
    }
  }
  const ours = bytes !== undefined && stamp !== null && bytes.toString('latin1', 0, STAMP_CHARS) === stamp;
  const cachedData = ours ? bytes.subarray(STAMP_CHARS) : undefined;
  const script = new (require('node:vm').Script)(source, { filename: file, cachedData });
  const cache = bytes === undefined ? 'none' : !ours || script.cachedDataRejected ? 'rejected' : 'accepted';
  return { script, cache, stamp };
}

/** The stamp on a bundle file's text (its last line), or null when it has none. */
function stampOf(source) {
  const line = STAMP_LINE.exec(source.slice(-(STAMP_CHARS + 11)));
  return line ? line[1] : null;
}

/** `source` without its stamp line. */
const unstamped = (source) => (stampOf(source) === null ? source : source.slice(0, -(STAMP_CHARS + 11)));

/** `text` with the stamp line the build ends each bundle file with (a hash of the text). */
function stamped(text) {
  const hash = require('node:crypto').createHash('sha256').update(text, 'latin1').digest('hex');
  return `${text}\n// build ${hash.slice(0, STAMP_CHARS)}\n`;
}

/** A code cache file's bytes: V8's `data` for the text stamped `stamp`, after that stamp. */
const stampedCache = (stamp, data) => Buffer.concat([Buffer.from(stamp, 'latin1'), data]);

/**
 * A build file's text, or null when it cannot be read. The build checks the bundle and its vendor files are
 * ASCII: read as latin1, the text becomes a one-byte string with no UTF-8 decoding. (Decoded by toString, not
 * by readFileSync's encoding option: its check of the name compiles a few more of Node's functions.)
 */
function readLatin1(file) {
  try {
    return fs.readFileSync(file).toString('latin1');
  } catch {
    return null;
  }
}

/**
 * `import()` for the bundle: code compiled by vm.Script with a code cache cannot call import() itself
 * (Node has no loader for it), so the build turns the bundle's few import() calls (ES-module-only
 * packages such as probot, and the app's own modules in lib/) into calls of this. Relative paths
 * are from the bundle's folder; package names resolve from here, in the same package.
 */
function esmImport(specifier, dir) {
  if (!specifier.startsWith('.')) return import(specifier);
  return import(require('node:url').pathToFileURL(path.resolve(dir, specifier)).href);
}

if (require.main === module) {
  const bundle = process.env.RUNNER_DOCTOR_BUNDLE === '0'
    ? null
    : loadBundle({ codeCache: process.env.RUNNER_DOCTOR_CODE_CACHE === '0' ? null : CODE_CACHE });
  const cli = bundle ? Promise.resolve(bundle.exports) : import('../lib/cli.js');
  void cli.then(async ({ main, processIo }) => {
    process.exitCode = await main(process.argv.slice(2), processIo());
  });
} else {
  module.exports = { loadBundle, stamped, stampedCache, BUNDLE, CODE_CACHE, WRAPPER_HEAD, WRAPPER_TAIL };
}
