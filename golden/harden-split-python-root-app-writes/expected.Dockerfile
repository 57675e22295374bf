FROM python:3.12-slim-bookworm

COPY . .
RUN pip install --no-cache-dir -r requirements.txt
# compiled messages are written next to the sources
RUN python manage.py compilemessages
USER 10001:10001

CMD ["gunicorn", "--bind", "0.0.0.0:8000", "site.wsgi"]
