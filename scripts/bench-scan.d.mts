// Types for scripts/bench-scan.mjs (used by tests).
import type { CompiledCatalog } from '../src/model/catalog.js';

export const USUAL_ERRORS: string[];
export function pathologicalLines(root: string, compiled?: CompiledCatalog | null): Promise<string[]>;
export function writePathologicalLog(file: string, bytes: number, lines: string[]): Promise<{ bytes: number; lines: number }>;
