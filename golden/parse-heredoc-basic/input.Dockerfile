FROM alpine
RUN <<EOF
echo hello
RUN not an instruction
EOF
RUN echo after
