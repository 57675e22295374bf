FROM node:14-buster AS build
WORKDIR /usr/src/app
COPY package.json package-lock.json ./
RUN npm ci --only=production
COPY . .

FROM node:14-slim
COPY --from=build /usr/src/app /usr/src/app
WORKDIR /usr/src/app
USER 1000:1000
EXPOSE 8080
CMD ["node", "index.js"]
