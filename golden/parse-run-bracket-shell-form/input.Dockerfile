FROM alpine
RUN [ -e f ] && echo yes
