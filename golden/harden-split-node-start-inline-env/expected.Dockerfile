FROM node:22-bookworm AS build
WORKDIR /srv/web
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
ENV NODE_ENV=development

FROM gcr.io/distroless/nodejs22-debian12:nonroot
COPY --from=build /srv/web /srv/web
WORKDIR /srv/web
ENV NODE_ENV=development
ENV NODE_ENV=production PORT=8080
USER 65532:65532
CMD ["src/index.js"]
