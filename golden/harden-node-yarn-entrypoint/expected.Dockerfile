FROM node:20-bookworm AS build

WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --production --frozen-lockfile
COPY . .
ENV NODE_ENV=production
USER node

FROM gcr.io/distroless/nodejs20-debian12:nonroot
COPY --from=build /app /app
WORKDIR /app
ENV NODE_ENV=production
USER 65532:65532
ENTRYPOINT ["/nodejs/bin/node"]
CMD ["src/index.js"]
