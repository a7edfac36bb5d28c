// Types for scripts/bench-log.mjs (used by tests).
export function writeBenchLog(file: string, bytes: number, opts?: { seed?: number }): Promise<{ bytes: number; lines: number }>;
export function rng(seed: number): () => number;
