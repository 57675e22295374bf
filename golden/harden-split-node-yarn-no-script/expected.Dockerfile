FROM node:18-bullseye
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile --production
USER 1000:1000
COPY . .
EXPOSE 8080
CMD ["yarn", "start"]
