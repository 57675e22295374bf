FROM node:lts AS development
WORKDIR /code
COPY package*.json ./
RUN npm ci
COPY . .
CMD ["npm", "start"]

FROM development AS dev-envs
RUN apt-get update && apt-get install -y --no-install-recommends git \
 && useradd -s /bin/bash -m vscode && groupadd docker && usermod -aG docker vscode
COPY --from=gloursdocker/docker / /
CMD ["npm", "start"]
