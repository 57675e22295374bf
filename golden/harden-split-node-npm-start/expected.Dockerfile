FROM node:20 AS build

WORKDIR /usr/src/app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .

ENV NODE_ENV=production

FROM gcr.io/distroless/nodejs20-debian12:nonroot
COPY --from=build /usr/src/app /usr/src/app
WORKDIR /usr/src/app
ENV NODE_ENV=production
USER 65532:65532
EXPOSE 3000
CMD ["src/index.js"]
