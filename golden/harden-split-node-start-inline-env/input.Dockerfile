FROM node:22-bookworm
WORKDIR /srv/web
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
ENV NODE_ENV=development
CMD ["npm", "run", "start"]
