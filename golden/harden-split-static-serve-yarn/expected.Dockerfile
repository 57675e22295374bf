FROM node:18-bullseye AS build
WORKDIR /usr/src/web
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile
COPY . .
RUN yarn build && yarn global add serve
ENV NODE_ENV=production
EXPOSE 3000
CMD ["serve", "--no-clipboard", "-l", "3000", "build"]

FROM nginxinc/nginx-unprivileged:stable
COPY --from=build /usr/src/web/build /usr/share/nginx/html
USER 101:101
EXPOSE 8080
LABEL org.opencontainers.image.title="catalog web"
