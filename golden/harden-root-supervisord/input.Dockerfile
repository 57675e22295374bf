FROM python:3.12-slim

RUN pip install --no-cache-dir supervisor==4.2.5 gunicorn==22.0.0
COPY supervisord.conf /etc/supervisord.conf
COPY app/ /srv/app/
CMD ["supervisord", "-n", "-c", "/etc/supervisord.conf"]
