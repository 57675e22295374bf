FROM alpine
COPY <<EOF /app/conf
key=value
EOF
