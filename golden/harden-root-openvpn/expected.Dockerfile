FROM alpine:3.19
RUN apk add --no-cache openvpn
COPY server.conf /etc/openvpn/server.conf
EXPOSE 1194/udp
ENTRYPOINT ["openvpn"]
CMD ["--config", "/etc/openvpn/server.conf"]
