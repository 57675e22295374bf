FROM debian:bullseye-slim
RUN apt-get update && apt-get install -y slapd ldap-utils && rm -rf /var/lib/apt/lists/*
COPY start.sh /start.sh
EXPOSE 389
ENTRYPOINT ["/start.sh"]
