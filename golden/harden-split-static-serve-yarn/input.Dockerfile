FROM node:18-bullseye
WORKDIR /usr/src/web
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile
COPY . .
RUN yarn build && yarn global add serve
ENV NODE_ENV=production
LABEL org.opencontainers.image.title="catalog web"
EXPOSE 3000
CMD ["serve", "--no-clipboard", "-l", "3000", "build"]
