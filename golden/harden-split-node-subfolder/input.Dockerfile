FROM node:20
WORKDIR /app
COPY api/package.json api/package-lock.json ./
RUN npm ci --omit=dev
COPY api/ .
CMD ["npm", "start"]
