FROM debian:bookworm-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx \
    && rm -rf /var/lib/apt/lists/*
COPY site.conf /etc/nginx/sites-enabled/default
COPY public/ /var/www/html/
EXPOSE 80
CMD ["nginx", "-g", "daemon off;"]
