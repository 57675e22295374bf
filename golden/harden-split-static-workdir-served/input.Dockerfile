FROM node:20
WORKDIR /site
COPY . .
RUN npm install && npm run build
RUN npm install -g http-server
EXPOSE 8080
CMD ["http-server", ".", "-p", "8080"]
