FROM node:20-slim
WORKDIR /app
COPY . .
RUN npm ci && npm run build && npm install -g serve
USER 1000:1000
EXPOSE 3000
CMD ["npx", "serve", "-s", "dist", "-l", "3000"]
