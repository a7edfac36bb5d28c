// Types for scripts/bench-startup.mjs (used by tests).
export const STARTUP_TARGET_RATIO: number;
export const STARTUP_SIZES: { label: string; bytes: number }[];
