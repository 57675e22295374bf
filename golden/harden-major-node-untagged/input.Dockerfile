FROM node:lts
WORKDIR /srv/bot
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile --production
COPY . .
CMD ["node", "bot.js"]
