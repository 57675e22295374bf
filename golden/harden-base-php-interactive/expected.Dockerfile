FROM php:8.3-cli-bookworm

RUN docker-php-ext-install bcmath
CMD ["php", "-a"]
