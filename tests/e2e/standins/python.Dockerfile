# tags: docker.io/library/python:3.11-slim docker.io/library/python:3.11 docker.io/library/python:3.11-slim-bookworm docker.io/library/python:3.11-bookworm docker.io/library/python:3
# network: host
# The official python image runs /usr/local/bin/python3 and installs with
# pip into /usr/local/lib/python3.11/site-packages: a venv at /usr/local
# gives both (and a venv made in it points at /usr/local/bin/python3, as
# there). No package index is reachable: pip looks only at the wheels
# Debian ships (pip, setuptools, wheel), which is enough for a project's
# own packages to build as they would against PyPI. The headers are there
# (python3-dev) as in the official image, for C extensions.
FROM localhost/dh-e2e/rootfs:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends python3-wheel-whl python3-dev \
    && rm -rf /var/lib/apt/lists/* \
    && python3 -m venv /usr/local \
    && printf '[global]\nno-index = true\nfind-links = /usr/share/python-wheels\n' >/etc/pip.conf
ENV LANG=C.UTF-8 PYTHON_VERSION=3.11
CMD ["python3"]
