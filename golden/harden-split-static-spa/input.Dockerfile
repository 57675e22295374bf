FROM node:20-slim
WORKDIR /app
COPY . .
RUN npm ci && npm run build && npm install -g serve
EXPOSE 3000
CMD npx serve -s dist -l 3000
