FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
USER 1000:1000
COPY tsconfig.json ./
COPY src ./src
CMD ["npm", "start"]
