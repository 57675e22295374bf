FROM node:20-alpine

WORKDIR /home/node/app
COPY --chown=node:node package*.json ./
RUN npm ci --omit=dev
COPY --chown=node:node . .
USER 1000:1000
EXPOSE 3000
CMD ["node", "dist/main.js"]
