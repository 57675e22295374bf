# An agent image grown by accretion: curl fetched a release in the first
# RUN (the compilers went again, curl stayed), and a later RUN, added for
# a health script, installs curl once more. One fact, one finding.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl gcc make \
    && curl -fsSL -o /tmp/agent.tar.gz https://downloads.example.com/agent-2.4.tar.gz \
    && tar -xzf /tmp/agent.tar.gz -C /opt \
    && make -C /opt/agent-2.4 install \
    && apt-get purge -y --auto-remove gcc make \
    && rm -rf /var/lib/apt/lists/* /tmp/agent.tar.gz
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
COPY health.sh /usr/local/bin/health.sh
CMD ["/usr/local/bin/agent"]
