FROM node:22-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY src/ ./src/

FROM gcr.io/distroless/nodejs22-debian12:nonroot
COPY --from=build /app /app
WORKDIR /app
USER 65532:65532
EXPOSE 8080
CMD ["src/server.js"]
