FROM node:18-bullseye AS build
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile --production
COPY . .

FROM gcr.io/distroless/nodejs18-debian12:nonroot
COPY --from=build /app /app
WORKDIR /app
USER 65532:65532
EXPOSE 8080
CMD ["server.js"]
