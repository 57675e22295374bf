FROM node:20-bookworm-slim AS build

ENV NODE_ENV=production
WORKDIR /usr/src/app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .


FROM gcr.io/distroless/nodejs20-debian12:nonroot
COPY --from=build /usr/src/app /usr/src/app
WORKDIR /usr/src/app
ENV NODE_ENV=production
USER 65532:65532
EXPOSE 3000
CMD ["server.js"]
