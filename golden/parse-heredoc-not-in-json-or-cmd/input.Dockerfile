FROM alpine
RUN ["cat", "<<EOF"]
CMD cat <<EOF
EOF
