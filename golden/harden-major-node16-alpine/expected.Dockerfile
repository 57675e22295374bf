FROM node:16-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --production
USER 1000:1000
COPY . .
EXPOSE 5000
CMD ["node", "app.js"]
