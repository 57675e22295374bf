FROM nginx:1.27-alpine

RUN rm /etc/nginx/conf.d/default.conf
COPY nginx.conf /etc/nginx/conf.d/app.conf
COPY dist/ /var/www/app/
EXPOSE 80
CMD ["nginx", "-g", "daemon off;"]
