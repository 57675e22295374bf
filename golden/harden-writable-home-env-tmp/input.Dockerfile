FROM debian:bookworm-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-pip ansible \
    && rm -rf /var/lib/apt/lists/*
ENV HOME=/tmp
COPY playbooks/ /playbooks/
WORKDIR /playbooks
ENTRYPOINT ["ansible-playbook", "-i", "localhost,", "-c", "local"]
CMD ["site.yml"]
