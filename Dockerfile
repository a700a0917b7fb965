# One image for the API (which also serves the console) and the workers.
#   API:     node --import tsx api/src/main.ts        (the default command)
#   workers: node --import tsx workers/src/main.ts
# The TypeScript runs through tsx, as with `npm start`; there is no separate compile step.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Vite 8 needs npm 11; node:20 ships npm 10.
RUN npm install -g npm@11 --no-audit --no-fund
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:web && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    TONGBAN_DATA_DIR=/app/data
WORKDIR /app
COPY --from=build /app/package.json /app/tsconfig.json /app/tsconfig.base.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/contracts/src contracts/src
COPY --from=build /app/api/src api/src
COPY --from=build /app/workers/src workers/src
COPY --from=build /app/migrations migrations
COPY --from=build /app/processes processes
COPY --from=build /app/web/dist web/dist
# data/ holds uploaded files (data/files); the embedded database too when DATABASE_URL is unset.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "api/src/main.ts"]
