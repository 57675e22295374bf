FROM alpine
ONBUILD RUN <<EOF
echo hi
EOF
USER app
