import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const text = readFileSync('Dockerfile', 'utf8');
/** Instructions with continuation lines joined, comments dropped. */
const instructions = text
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const froms = instructions.filter((l) => /^FROM /i.test(l));
const runtimeStart = instructions.indexOf(froms.at(-1)!);
const runtime = instructions.slice(runtimeStart);

describe('Dockerfile', () => {
  it('is multi-stage on node 22 or newer', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const f of froms) {
      const major = Number(/node:(\d+)/.exec(f)?.[1]);
      expect(major, f).toBeGreaterThanOrEqual(22);
    }
  });

  it('builds in the first stage and installs only production dependencies in the last', () => {
    const build = instructions.slice(0, runtimeStart).join('\n');
    expect(build).toMatch(/RUN npm ci\b/);
    expect(build).toMatch(/RUN npm run build/);
    expect(runtime.join('\n')).toMatch(/RUN npm ci --omit=dev --ignore-scripts/);
    expect(runtime.join('\n')).not.toMatch(/npm run build|COPY src /);
  });

  it('copies what `probot run` needs at runtime', () => {
    const copies = runtime.filter((l) => l.startsWith('COPY ')).join('\n');
    expect(copies).toMatch(/COPY --from=build \/app\/lib \.\/lib/);
    for (const p of ['catalog', 'app.yml', 'bin']) expect(copies).toContain(`COPY ${p} `);
  });

  it('runs as non-root, listens on 0.0.0.0:3000 and checks /ping without curl', () => {
    const users = runtime.filter((l) => l.startsWith('USER '));
    expect(users.at(-1)).toBe('USER node');
    const env = runtime.filter((l) => l.startsWith('ENV ')).join(' ');
    expect(env).toMatch(/HOST=0\.0\.0\.0/);
    expect(env).toMatch(/NODE_ENV=production/);
    expect(runtime).toContain('EXPOSE 3000');
    const health = runtime.find((l) => l.startsWith('HEALTHCHECK'))!;
    expect(health).toContain('/ping');
    expect(health).toMatch(/CMD \["node"/);
    expect(health).not.toContain('curl');
  });

  it('starts probot on the built app with node directly (no npx download at start)', () => {
    expect(runtime.at(-1)).toBe('CMD ["node", "node_modules/probot/bin/probot.js", "run", "./lib/index.js"]');
  });

  it('.dockerignore keeps secrets and local builds out of the context', () => {
    const ignore = readFileSync('.dockerignore', 'utf8').split('\n');
    for (const p of ['node_modules', 'lib', '.env', '*.pem', '.git']) expect(ignore).toContain(p);
  });
});
