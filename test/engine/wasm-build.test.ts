import { describe, expect, it } from 'vitest';
import { compileLineScan, moduleText } from '../../scripts/build-wasm.mjs';
import { LINE_SCAN_WASM } from '../../src/engine/wasm/line-scan-module.js';

// The committed WebAssembly must be what its C source builds to (clang and lld from Debian; .ci/run installs them).
describe('the scanner WebAssembly (src/engine/wasm/)', () => {
  it('is rebuilt from line-scan.c byte for byte (`npm run build:wasm` after changing it)', () => {
    const built = compileLineScan();
    expect(Buffer.from(LINE_SCAN_WASM, 'base64').equals(built), 'line-scan-module.ts is stale').toBe(true);
    expect(moduleText(built)).toContain(LINE_SCAN_WASM.slice(0, 100));
  });
});
