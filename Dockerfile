# paper-herald: multi-stage build. Stage 1 installs everything and bundles the TypeScript (esbuild,
# bin/build.js); stage 2 holds production dependencies (native sqlite3 built for this image, and
# the other packages the bundle leaves to Node: keyv, pino, node-cron...) and the bundle, with no
# src/, so bin/herald.js runs dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
# `npm ci` bundles src/ into dist/ through the prepare script (bin/build.js).
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production DATA_DIR=/data HERALD_CONFIG=/app/config/herald.yaml
# glibc's malloc gives freed memory back to the system once 128 kB are free at the top of a heap,
# but raises that mark each time a large block is freed (a big feed's body, a file of the bundle
# read at start), and the memory it keeps grows with it. Fixed, a bot that has read a 6 MB feed
# holds 101 to 107 MB at rest instead of 112 to 116 (README, "Where the idle memory goes").
ENV MALLOC_TRIM_THRESHOLD_=131072
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY config ./config
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# Slack HTTP mode listens here (Socket Mode and Discord need no inbound port).
EXPOSE 3000
ENTRYPOINT ["node", "bin/herald.js"]
CMD ["run"]
