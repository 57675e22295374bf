FROM alpine
WORKDIR /srv/my app
