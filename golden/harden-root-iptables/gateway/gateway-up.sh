#!/bin/sh
set -e
wg setconf wg0 /etc/wireguard/wg0.conf
ip link set wg0 up
iptables -t nat -A POSTROUTING -o wg0 -j MASQUERADE
exec sleep infinity
