# tags: docker.io/library/nginx:1.25 docker.io/library/nginx:1.25-bookworm docker.io/library/nginx:1.25.5 docker.io/library/nginx:stable
# The official nginx image: master as root, workers as nginx (101), listens on
# 80, pid /var/run/nginx.pid, temp files under /var/cache/nginx, site in
# /etc/nginx/conf.d, logs to stdout/stderr, /docker-entrypoint.sh in front.
FROM localhost/dh-e2e/rootfs:bookworm
RUN groupadd -r -g 101 nginx && useradd -r -u 101 -g nginx -d /nonexistent -s /bin/false nginx \
 && rm -f /etc/nginx/sites-enabled/default && mkdir -p /etc/nginx/conf.d /var/cache/nginx /docker-entrypoint.d \
 && ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log \
 && mkdir -p /usr/share/nginx/html && echo '<h1>Welcome to nginx!</h1>' >/usr/share/nginx/html/index.html
COPY files/nginx.conf /etc/nginx/nginx.conf
COPY files/nginx-default.conf /etc/nginx/conf.d/default.conf
COPY files/nginx-entrypoint.sh /docker-entrypoint.sh
EXPOSE 80
STOPSIGNAL SIGQUIT
ENTRYPOINT ["/docker-entrypoint.sh"]
CMD ["nginx", "-g", "daemon off;"]
