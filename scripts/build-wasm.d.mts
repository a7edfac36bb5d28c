// Types for scripts/build-wasm.mjs (used by tests).
export declare const WASM_SOURCE: string;
export declare const WASM_MODULE: string;
/** Compiles src/engine/wasm/line-scan.c with clang; the .wasm bytes. */
export declare function compileLineScan(): Buffer;
/** The generated TypeScript module holding `bytes` as base64. */
export declare function moduleText(bytes: Buffer): string;
