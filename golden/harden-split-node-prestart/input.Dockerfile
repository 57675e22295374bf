FROM node:22-slim
WORKDIR /srv/app
COPY . .
RUN npm install
EXPOSE 4000
CMD ["npm", "run", "start"]
