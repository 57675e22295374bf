FROM alpine:3.19
RUN apk add --no-cache freeradius freeradius-sqlite
EXPOSE 1812/udp 1813/udp
ENTRYPOINT ["radiusd"]
CMD ["-f"]
