// `probot run <app>` (what node_modules/probot/bin/probot.js does for `run`) with GitHub's write pacing
// scaled down tenfold, for the tests that run the app as processes (test/helpers/app-process.ts).
// Everything else is production's: Probot's Octokit with its throttling and retry plugins, the limiters
// shared by all processes through Redis (REDIS_URL), writes still one at a time across processes; only the
// spacing is 0.1 s between writes and 0.3 s between notifying ones (a new comment) instead of 1 s and 3 s,
// which made a 50-delivery test wait about a minute.
import Bottleneck from 'bottleneck';
import { ProbotOctokit, run } from 'probot';

const WRITE_MS = 100;
const NOTIFICATION_MS = 300;

let groups;

/** The plugin's write and notification limiter groups (same shape, own ids), with the shorter spacing. */
function scaledGroups(throttle) {
  const B = throttle.Bottleneck ?? Bottleneck;
  const common = { timeout: 120_000, ...(throttle.connection ? { connection: throttle.connection } : {}) };
  const group = (id, minTime) => new B.Group({ id, maxConcurrent: 1, minTime, ...common });
  return {
    write: group('test-pacing-write', WRITE_MS),
    notifications: group('test-pacing-notifications', NOTIFICATION_MS),
  };
}

// Probot's own defaults (its Redis connection and Bottleneck among them) are applied before this function
// runs, ProbotOctokit's after it (it keeps a given `throttle.write` / `throttle.notifications`).
const Octokit = ProbotOctokit.defaults((options) => {
  const throttle = options.throttle ?? {};
  groups ??= scaledGroups(throttle);
  return { ...options, throttle: { ...throttle, ...groups } };
});

await run(process.argv.slice(2), { env: process.env, Octokit });
