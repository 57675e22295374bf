FROM node:20-bookworm AS build

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .

ENV NODE_ENV=production

FROM gcr.io/distroless/nodejs20-debian12:nonroot
COPY --from=build /app /app
WORKDIR /app
ENV NODE_ENV=production
USER 2000:2000
EXPOSE 3000
CMD ["server.js"]
