FROM node:20-bookworm

WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --production --frozen-lockfile
COPY . .
ENV NODE_ENV=production
USER node
ENTRYPOINT ["node"]
CMD ["src/index.js"]
