FROM node:20 AS build
WORKDIR /app
COPY package*.json ./
RUN npm install
COPY . .

FROM gcr.io/distroless/nodejs20-debian12:nonroot
COPY --from=build /app /app
WORKDIR /app
ENV NODE_ENV=production
USER 65532:65532
EXPOSE 3000
CMD ["./server.js"]
