FROM nginxinc/nginx-unprivileged:1.27

COPY site/ /usr/share/nginx/html/
EXPOSE 8080
