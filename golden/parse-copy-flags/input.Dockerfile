FROM alpine
COPY --chown=1000:1000 --chmod=644 --link --parents --exclude=*.md src/ /app/
