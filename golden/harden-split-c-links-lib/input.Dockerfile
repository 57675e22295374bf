FROM debian:bookworm
WORKDIR /src
COPY visits.c .
RUN gcc -O2 -o /usr/local/bin/visits visits.c -lsqlite3
EXPOSE 8082
CMD ["/usr/local/bin/visits"]
