FROM alpine:3.20
RUN apk add --no-cache python3 py3-pip \
    && apk add --no-cache --virtual .build-deps gcc musl-dev python3-dev libffi-dev make \
    && pip3 install --no-cache --break-system-packages cffi==1.16.0 bcrypt==4.1.3 \
    && apk del .build-deps
COPY worker.py /opt/worker.py
CMD ["python3", "/opt/worker.py"]
