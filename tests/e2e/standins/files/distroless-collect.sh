#!/bin/sh
# Copies the files a distroless image ships into /out, each program with the
# shared libraries ldd finds for it, at the same paths (links resolved, as
# distroless is assembled from package contents, not from a merged /usr).
set -eu
out=/out
copy() {
	mkdir -p "$out$(dirname "$1")"
	cp -L "$1" "$out$1"
}
libs() {
	ldd "$1" 2>/dev/null | awk '/=> \//{print $3} /^\t\/[^ ]*/{print $1}'
}
mode=$1
shift
mkdir -p "$out/etc/ssl/certs" "$out/tmp" "$out/home/nonroot" "$out/root" "$out/var/run"
chmod 1777 "$out/tmp"
chmod 700 "$out/root"
chown 65532:65532 "$out/home/nonroot"
cat >"$out/etc/passwd" <<'P'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
P
cat >"$out/etc/group" <<'G'
root:x:0:
nobody:x:65534:
tty:x:5:
staff:x:50:
nonroot:x:65532:
G
cp -L /etc/ssl/certs/ca-certificates.crt "$out/etc/ssl/certs/"
cp /etc/os-release "$out/etc/os-release"
printf 'hosts: files dns\n' >"$out/etc/nsswitch.conf"
[ -d /usr/share/zoneinfo ] && { mkdir -p "$out/usr/share"; cp -a /usr/share/zoneinfo "$out/usr/share/"; }
[ "$mode" = static ] && exit 0
# glibc and the libraries base-debian12 adds (NSS, libssl).
for f in /lib64/ld-linux-x86-64.so.2 /lib/x86_64-linux-gnu/libc.so.6 \
	/lib/x86_64-linux-gnu/libm.so.6 /lib/x86_64-linux-gnu/libresolv.so.2 \
	/lib/x86_64-linux-gnu/libnss_dns.so.2 /lib/x86_64-linux-gnu/libnss_files.so.2 \
	/usr/lib/x86_64-linux-gnu/libssl.so.3 /usr/lib/x86_64-linux-gnu/libcrypto.so.3; do
	copy "$f"
done
[ "$mode" = base ] && exit 0
if [ "$mode" = cc ]; then
	copy /lib/x86_64-linux-gnu/libgcc_s.so.1
	copy /usr/lib/x86_64-linux-gnu/libstdc++.so.6
	exit 0
fi
# java HOME: the whole runtime tree (links resolved: Debian points some of
# it into /etc), the libraries its programs and modules need, /usr/bin/java.
if [ "$mode" = java ]; then
	mkdir -p "$out$(dirname "$1")" "$out/usr/bin"
	# links to what the rootfs leaves out (docs) point nowhere
	find "$1" -xtype l -exec rm -f {} +
	cp -rL "$1" "$out$1"
	for f in "$1/bin/java" $(find "$1/lib" -name '*.so'); do
		for l in $(libs "$f"); do [ -e "$out$l" ] || copy "$l"; done
	done
	ln -s "$1/bin/java" "$out/usr/bin/java"
	exit 0
fi
for prog in "$@"; do
	copy "$prog"
	for l in $(libs "$prog"); do copy "$l"; done
done
