FROM node:18-slim AS build
WORKDIR /app
COPY . .
RUN npm ci
ENV PORT=80

FROM gcr.io/distroless/nodejs18-debian12
COPY --from=build /app /app
WORKDIR /app
ENV PORT=80
EXPOSE 80
CMD ["server.js"]
