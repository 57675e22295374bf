FROM registry.example.com/platform/python-runtime:3.12
WORKDIR /srv
COPY service.py .
USER app
EXPOSE 8000
CMD ["python", "service.py"]
