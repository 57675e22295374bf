FROM node:20-slim
WORKDIR /app
COPY package*.json ./
RUN npm ci --omit=dev
USER 1000:1000
COPY . .
EXPOSE 3000
CMD ["npm", "run", "serve"]
