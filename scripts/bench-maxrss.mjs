// Preloaded by `npm run bench` (node --import) when GNU time is missing: writes the process's
// peak RSS in KiB and its CPU time in ms to the file named by RD_BENCH_MAXRSS_FILE when it exits.
import { writeFileSync } from 'node:fs';

const file = process.env.RD_BENCH_MAXRSS_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, `${u.maxRSS} ${Math.round((u.userCPUTime + u.systemCPUTime) / 1000)}`);
  });
}
