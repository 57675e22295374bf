FROM node:20-bookworm AS build
WORKDIR /srv/bot
COPY package.json yarn.lock ./
RUN yarn --frozen-lockfile
COPY . .
RUN yarn build

FROM gcr.io/distroless/nodejs20-debian12:nonroot
COPY --from=build /srv/bot /srv/bot
WORKDIR /srv/bot
USER 65532:65532
CMD ["build/index.js"]
