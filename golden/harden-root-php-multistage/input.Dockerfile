FROM composer:2.7 AS vendor
WORKDIR /app
COPY composer.json composer.lock ./
RUN composer install --no-dev --no-scripts --prefer-dist

FROM php:8.3-apache
COPY --from=vendor /app/vendor /var/www/html/vendor
COPY . /var/www/html/
