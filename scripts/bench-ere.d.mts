/** RE2 pattern -> POSIX ERE for `grep -E` (throws, naming the pattern, on constructs it cannot translate). */
export function re2ToEre(source: string): string;
/** Every pattern of the catalog in `catalogDir` (entry and inline context patterns, deduplicated), as ERE. */
export function catalogPatternsAsEre(catalogDir: string): string[];
