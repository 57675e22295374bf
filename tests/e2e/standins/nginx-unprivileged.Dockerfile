# tags: docker.io/nginxinc/nginx-unprivileged:1.25 docker.io/nginxinc/nginx-unprivileged:1.25-bookworm docker.io/nginxinc/nginx-unprivileged:1.25.5 docker.io/nginxinc/nginx-unprivileged:stable docker.io/nginxinc/nginx-unprivileged:latest
# nginxinc/nginx-unprivileged: USER 101, listens on 8080, pid and temp files
# in /tmp, /var/cache/nginx and /etc/nginx/conf.d owned by 101.
FROM localhost/dh-e2e/rootfs:bookworm
RUN groupadd -r -g 101 nginx && useradd -r -u 101 -g nginx -d /nonexistent -s /bin/false nginx \
 && rm -f /etc/nginx/sites-enabled/default && mkdir -p /etc/nginx/conf.d /var/cache/nginx /docker-entrypoint.d \
 && ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log \
 && mkdir -p /usr/share/nginx/html && echo '<h1>Welcome to nginx!</h1>' >/usr/share/nginx/html/index.html
COPY files/nginx-unprivileged.conf /etc/nginx/nginx.conf
COPY files/nginx-default.conf /etc/nginx/conf.d/default.conf
COPY files/nginx-entrypoint.sh /docker-entrypoint.sh
RUN sed -i 's/listen *80;/listen       8080;/' /etc/nginx/conf.d/default.conf \
 && chown -R 101:0 /var/cache/nginx /etc/nginx/conf.d && chmod -R g+w /var/cache/nginx /etc/nginx/conf.d
EXPOSE 8080
STOPSIGNAL SIGQUIT
USER 101
ENTRYPOINT ["/docker-entrypoint.sh"]
CMD ["nginx", "-g", "daemon off;"]
