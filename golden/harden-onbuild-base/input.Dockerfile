# Base image for our internal Node services.
FROM node:20

WORKDIR /app
ONBUILD COPY package.json package-lock.json ./
ONBUILD RUN npm ci --omit=dev
ONBUILD COPY . .
CMD ["node", "index.js"]
