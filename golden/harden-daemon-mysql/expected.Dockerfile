FROM mysql:8.4

COPY my.cnf /etc/mysql/conf.d/app.cnf
COPY schema.sql /docker-entrypoint-initdb.d/
