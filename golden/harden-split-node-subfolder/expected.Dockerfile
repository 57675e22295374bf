FROM node:20
WORKDIR /app
COPY api/package.json api/package-lock.json ./
RUN npm ci --omit=dev
USER 1000:1000
COPY api/ .
CMD ["npm", "start"]
