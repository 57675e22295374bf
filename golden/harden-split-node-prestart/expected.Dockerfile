FROM node:22-slim
WORKDIR /srv/app
COPY . .
RUN npm install
USER 1000:1000
EXPOSE 4000
CMD ["npm", "run", "start"]
