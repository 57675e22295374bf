FROM debian:bookworm-slim
ARG USER_ID=1000
ARG GROUP_ID=1000
RUN groupadd -g ${GROUP_ID} builder \
    && useradd -m -u ${USER_ID} -g ${GROUP_ID} builder
RUN apt-get update \
    && apt-get install -y --no-install-recommends make \
    && rm -rf /var/lib/apt/lists/*
USER $USER_ID:$GROUP_ID
WORKDIR /home/builder/work
CMD ["make", "-C", "/home/builder/work", "all"]
