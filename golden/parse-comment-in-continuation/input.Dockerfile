FROM alpine
RUN apk add \
# a comment
    curl \
  # an indented comment
    git
