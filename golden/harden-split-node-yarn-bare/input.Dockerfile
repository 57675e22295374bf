FROM node:20-bookworm
WORKDIR /srv/bot
COPY package.json yarn.lock ./
RUN yarn --frozen-lockfile
COPY . .
RUN yarn build
CMD ["yarn", "start"]
