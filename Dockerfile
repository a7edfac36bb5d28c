# syntax=docker/dockerfile:1
# runner-doctor: the Probot app in a small non-root image.
#   docker build -t runner-doctor .
#   docker run --env-file .env -p 3000:3000 runner-doctor

# --- build: compile TypeScript and the catalog cache (needs dev dependencies) ---
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts off here: `prepare` would build before the sources are copied.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY catalog ./catalog
COPY src ./src
# The build runs the CLI bundle through bin/runner-doctor.js once to make its V8 code cache (same node:22 as below).
COPY bin ./bin
RUN npm run build

# --- runtime: production dependencies and the built app only ---
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts skips `prepare` (tsc is a dev dependency and lib/ comes from the build stage).
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/lib ./lib
COPY catalog ./catalog
COPY app.yml ./app.yml
COPY bin ./bin
# The image's built-in unprivileged user (uid 1000); nothing here needs root.
USER node
EXPOSE 3000
# Probot answers GET /ping with PONG; slim images have no curl, so ask with node's fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/ping').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "node_modules/probot/bin/probot.js", "run", "./lib/index.js"]
