# tags: docker.io/library/postgres:16 docker.io/library/postgres:16-bookworm docker.io/library/postgres:15 docker.io/library/postgres:latest
# network: host
# The official postgres image: user postgres 999:999 made before the
# packages, no cluster made at install, PGDATA=/var/lib/postgresql/data (a
# VOLUME), /var/run/postgresql owned by postgres, docker-entrypoint.sh as
# the entrypoint (as root it owns PGDATA to postgres and steps down with
# gosu; as postgres it runs initdb on an empty PGDATA), CMD postgres, port
# 5432, SIGINT to stop. Debian's PostgreSQL 15 stands in for the version.
FROM localhost/dh-e2e/rootfs:bookworm
RUN groupadd -r -g 999 postgres && useradd -r -u 999 -g postgres -d /var/lib/postgresql -s /bin/bash postgres \
    && mkdir -p /var/lib/postgresql /etc/postgresql-common /usr/share/man/man1 /usr/share/man/man7 \
    && chown postgres:postgres /var/lib/postgresql \
    && echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf \
    && apt-get update && apt-get install -y --no-install-recommends postgresql-15 \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /var/run/postgresql && chown postgres:postgres /var/run/postgresql && chmod 3777 /var/run/postgresql
COPY files/postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV PG_MAJOR=15 PGDATA=/var/lib/postgresql/data \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/15/bin
RUN mkdir -p "$PGDATA" && chown postgres:postgres "$PGDATA" && chmod 1777 "$PGDATA"
VOLUME /var/lib/postgresql/data
ENTRYPOINT ["docker-entrypoint.sh"]
STOPSIGNAL SIGINT
EXPOSE 5432
CMD ["postgres"]
