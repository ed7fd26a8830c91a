# syntax=docker/dockerfile:1
# The development gateway (gateway/, Apollo Gateway 2.14) as a small image of its own, for the federation stack of
# docker/compose.federation.yaml. UNTESTED HERE: no Docker engine runs on these machines; CI checks this file's
# shape (test/unit/federation-deployment.test.ts). Production may prefer the Apollo Router (docker/router.yaml).
# @apollo/gateway and @apollo/composition are under the Elastic License 2.0: read it before offering this to others.
#   docker build -f docker/gateway.Dockerfile -t pmm-gateway .        (from the repository root)
# Its build context is filtered by docker/gateway.Dockerfile.dockerignore (BuildKit), not by the server's .dockerignore.
ARG NODE_VERSION=20.19

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The whole lock (the gateway is a development dependency); the image keeps only what the compiled gateway loads.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY gateway ./gateway
COPY src/common ./src/common
COPY src/http/limits.ts ./src/http/limits.ts
COPY src/federation/service-access.ts ./src/federation/service-access.ts
# Compiles gateway/main.ts and the few server modules it imports (the body-limit answer, the error codes, the
# secret's header name).
RUN npx tsc --outDir /app/out --rootDir /app --module commonjs --target ES2022 --esModuleInterop --skipLibCheck \
      --experimentalDecorators --emitDecoratorMetadata --types node gateway/main.ts
# Exactly the packages the gateway loads, at the versions of package-lock.json.
RUN node -e ' \
  const lock = require("./package-lock.json").packages; \
  const names = ["@apollo/gateway", "@apollo/composition", "@apollo/server", "@as-integrations/express5", "express", "graphql", "yaml", "zod", "pino"]; \
  const deps = Object.fromEntries(names.map((n) => [n, lock["node_modules/" + n].version])); \
  require("fs").writeFileSync("/app/out/package.json", JSON.stringify({ name: "pmm-gateway", private: true, dependencies: deps }, null, 2)); \
  ' \
 && cd /app/out && npm install --omit=dev --no-audit --no-fund --ignore-scripts

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4100
WORKDIR /app
COPY --from=build /app/out ./
COPY docker/gateway.yaml ./docker/gateway.yaml
COPY schema/subgraph.graphql ./schema/subgraph.graphql
USER node
EXPOSE 4100
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4100)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "gateway/main.js", "docker/gateway.yaml"]
