FROM php:8.3-fpm-alpine

RUN docker-php-ext-install pdo_mysql opcache
COPY . /var/www/html
