FROM alpine
LABEL a=b "c d"="e f" g='h i'
LABEL org.opencontainers.image.title="my app" version=1.0
