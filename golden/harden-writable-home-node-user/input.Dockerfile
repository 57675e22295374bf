FROM node:20-bookworm-slim

WORKDIR /usr/src/app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
EXPOSE 4000
CMD ["npx", "next", "start", "-p", "4000"]
