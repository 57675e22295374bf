FROM nginxinc/nginx-unprivileged:1.27

COPY site/ /usr/share/nginx/html/
USER 101:101
EXPOSE 8080
