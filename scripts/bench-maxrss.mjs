// Preloaded by `npm run bench` (node --import) when GNU time is missing: writes the process's
// peak RSS in KiB to the file named by RD_BENCH_MAXRSS_FILE when it exits.
import { writeFileSync } from 'node:fs';

const file = process.env.RD_BENCH_MAXRSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
