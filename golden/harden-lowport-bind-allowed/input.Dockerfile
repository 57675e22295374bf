FROM node:18-slim
WORKDIR /app
COPY . .
RUN npm ci
ENV PORT=80
EXPOSE 80
CMD ["node", "server.js"]
