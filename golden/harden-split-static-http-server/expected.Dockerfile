FROM node:20 AS build
WORKDIR /app
COPY package.json build.js ./
COPY src ./src
RUN npm run build
EXPOSE 8081
CMD ["http-server", "dist", "-p", "8081", "-c-1"]

FROM nginxinc/nginx-unprivileged:stable
COPY --from=build /app/dist /usr/share/nginx/html
USER 101:101
EXPOSE 8080
