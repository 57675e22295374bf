FROM node:20-alpine3.20 AS build
WORKDIR /srv/api
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY src ./src

FROM gcr.io/distroless/nodejs20-debian12:nonroot
COPY --from=build /srv/api /srv/api
WORKDIR /srv/api
USER 65532:65532
EXPOSE 3000
CMD ["src/index.js"]
