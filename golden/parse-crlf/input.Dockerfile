FROM alpine AS base
ENV A=1 B="two words"
RUN echo a \
  && echo b
RUN <<EOF
echo in heredoc
EOF
CMD ["sh", "-c", "echo x"]
