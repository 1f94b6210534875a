# AcademicHub radar: one image for every role (RADAR_ROLES picks gateway / worker / scheduler).
# Stage 1 installs production dependencies only; native modules (better-sqlite3 for the embedded SQLite
# store) compile here, with the toolchain that the runtime image does not carry.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# Stage 2: the runtime, as the unprivileged `node` user. TypeScript runs through tsx (a production dependency).
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json tsconfig.json ./
COPY --chown=node:node bin ./bin
COPY --chown=node:node src ./src
COPY --chown=node:node adapters ./adapters
COPY --chown=node:node commands ./commands
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
# 3000: Slack's HTTP receiver (PORT, when Socket Mode is off); 8080: the web page, /healthz and /metrics.
EXPOSE 3000 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.RADAR_WEB_PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--import", "tsx", "bin/start.ts"]
