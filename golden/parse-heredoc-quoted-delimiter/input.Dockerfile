FROM alpine
RUN <<"EOF"
echo $HOME
EOF
RUN <<'EOF'
echo $HOME
EOF
