FROM gcc:13

WORKDIR /src
COPY hello.c .
RUN gcc -O2 -static -o /usr/local/bin/hello hello.c
CMD ["/usr/local/bin/hello"]
