FROM node:18

WORKDIR /app
COPY package*.json ./
RUN npm install --production
USER 1000:1000
COPY . .
EXPOSE 3000
CMD ["npm", "start"]
