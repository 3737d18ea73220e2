# syntax=docker/dockerfile:1
# One image for the api, the worker and the one-shot migrate job (see docker-compose.yml).
# Node 20.19+ is required: typeorm 1.x and other dependencies declare engines "^20.19.0".
ARG NODE_IMAGE=node:20.20-bookworm-slim

# ---- build: full install, compile TypeScript to dist/ ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

# ---- runtime: production dependencies and compiled output only ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
# Reference data read at runtime (located through package.json, kept byte-exact).
COPY --from=build /app/data ./data
COPY --from=build /app/libs/catalog/data ./libs/catalog/data
# The web app (dashboard + agency page) the API serves.
COPY --from=build /app/apps/web/dist ./apps/web/dist
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
