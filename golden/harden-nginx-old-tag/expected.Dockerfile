FROM node:10 AS build
WORKDIR /code
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM nginx:1.13-alpine
COPY --from=build /code/build /usr/share/nginx/html
