FROM node:lts
WORKDIR /srv/bot
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile --production
USER 1000:1000
COPY . .
CMD ["node", "bot.js"]
