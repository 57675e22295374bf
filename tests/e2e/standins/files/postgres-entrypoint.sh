#!/bin/bash
# The official postgres entrypoint's contract, reduced to what the cases
# rely on: as root, own PGDATA to postgres and run again as postgres; as
# postgres (or the runAsUser a manifest gives), initialise an empty PGDATA
# with the superuser password from POSTGRES_PASSWORD, listening on every
# address, then run the server. Any other command runs as given.
set -euo pipefail
if [ "${1:-}" != postgres ]; then
	exec "$@"
fi
if [ "$(id -u)" = 0 ]; then
	mkdir -p "$PGDATA"
	chown -R postgres "$PGDATA"
	chmod 700 "$PGDATA"
	mkdir -p /var/run/postgresql
	chown postgres /var/run/postgresql
	exec gosu postgres "${BASH_SOURCE[0]}" "$@"
fi
# initdb refuses a PGDATA it cannot make its own: the parent must let
# this user create it (fsGroup, or an image-owned volume).
mkdir -p "$PGDATA"
chmod 700 "$PGDATA" 2>/dev/null || true
if [ ! -s "$PGDATA/PG_VERSION" ]; then
	if [ -z "${POSTGRES_PASSWORD:-}" ]; then
		echo "Error: Database is uninitialized and superuser password is not specified." >&2
		exit 1
	fi
	pwfile=$(mktemp)
	printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
	initdb --username="${POSTGRES_USER:-postgres}" --pwfile="$pwfile" --auth=scram-sha-256 >/dev/null
	rm -f "$pwfile"
	printf "listen_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
	printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
	echo "PostgreSQL init process complete; ready for start up."
fi
exec "$@"
