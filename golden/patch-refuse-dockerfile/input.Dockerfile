# syntax=docker/dockerfile:1
FROM node:20-bookworm
WORKDIR /srv/storefront
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
EXPOSE 8080
CMD ["node", "server.js"]
