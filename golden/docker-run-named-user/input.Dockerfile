FROM registry.example.com/platform/python-runtime:3.12
COPY --chown=app:app requirements.txt /srv/
WORKDIR /srv
USER app
EXPOSE 8000
CMD ["python", "-m", "service"]
