FROM alpine:3.20

RUN apk add --no-cache nginx
COPY nginx.conf /etc/nginx/http.d/default.conf
COPY build/ /usr/share/nginx/html/
EXPOSE 80
CMD ["nginx", "-g", "daemon off;"]
