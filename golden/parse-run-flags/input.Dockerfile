FROM python:3.12
RUN --mount=type=cache,target=/root/.cache --network=none pip install x
