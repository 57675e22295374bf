#!/bin/sh
# Rebuilds the storefront image and pushes it.
set -eu
tag=${1:-dev}
docker build -t "registry.example.com/shop/storefront:$tag" .
docker push "registry.example.com/shop/storefront:$tag"
