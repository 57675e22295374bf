FROM node:20
WORKDIR /app
COPY package.json build.js ./
COPY src ./src
RUN npm run build
EXPOSE 8081
CMD ["http-server", "dist", "-p", "8081", "-c-1"]
