# tags: docker.io/library/python:3.11-slim docker.io/library/python:3.11 docker.io/library/python:3.11-slim-bookworm docker.io/library/python:3.11-bookworm docker.io/library/python:3
# The official python image runs /usr/local/bin/python3, so a venv made in it
# points there: the stand-in keeps that path (as a link to Debian's python).
FROM localhost/dh-e2e/rootfs:bookworm
RUN ln -s /usr/bin/python3 /usr/local/bin/python3 && ln -s python3 /usr/local/bin/python
ENV LANG=C.UTF-8 PYTHON_VERSION=3.11
CMD ["python3"]
