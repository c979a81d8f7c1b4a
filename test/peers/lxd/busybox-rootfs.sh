#!/usr/bin/env bash
# Builds (once, cached under .build/peers/cache/) a tiny busybox-static root filesystem and the two image
# tarballs the engine peers import: an LXD unified image (metadata.yaml + rootfs/) and a plain rootfs tar
# for `podman import`. No network: everything comes from the busybox-static Debian package.
#   busybox-rootfs.sh <cache dir>   → prints nothing; leaves <cache>/busybox-lxd.tar.xz and <cache>/busybox-rootfs.tar
set -euo pipefail
cache=$1
mkdir -p "$cache"
[ -s "$cache/busybox-lxd.tar.xz" ] && [ -s "$cache/busybox-rootfs.tar" ] && exit 0
work=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
r=$work/rootfs
mkdir -p "$r"/{bin,sbin,etc/init.d,usr/bin,usr/sbin,usr/share/udhcpc,proc,sys,dev,tmp,run,root,var/log,data}
chmod 1777 "$r/tmp"
cp /bin/busybox "$r/bin/busybox"
for app in $("$r/bin/busybox" --list-full); do
  [ -e "$r/$app" ] || ln -s /bin/busybox "$r/$app"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$r/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
printf 'cc-busybox\n' >"$r/etc/hostname"
# busybox init: bring up lo and ask the bridge's dnsmasq for an address, then idle. The DHCP hook
# really configures eth0 so the running container reports an IPv4 address.
cat >"$r/etc/inittab" <<'TAB'
::sysinit:/etc/init.d/rcS
::respawn:/bin/sleep 3600
::shutdown:/bin/true
TAB
cat >"$r/etc/init.d/rcS" <<'RCS'
#!/bin/sh
mount -t tmpfs tmpfs /run 2>/dev/null
ip link set lo up
for i in /sys/class/net/eth*; do
  [ -e "$i" ] || continue
  udhcpc -b -q -t 5 -i "${i##*/}" -s /usr/share/udhcpc/default.script >/dev/null 2>&1 &
done
RCS
chmod 755 "$r/etc/init.d/rcS"
cat >"$r/usr/share/udhcpc/default.script" <<'DH'
#!/bin/sh
case "$1" in
  deconfig) ip addr flush dev "$interface"; ip link set "$interface" up ;;
  bound|renew) ip addr flush dev "$interface"; ip addr add "$ip/${mask:-24}" dev "$interface" ;;
esac
DH
chmod 755 "$r/usr/share/udhcpc/default.script"
arch=$(uname -m)
cat >"$work/metadata.yaml" <<META
architecture: $arch
creation_date: $(date +%s)
properties:
  os: busybox
  release: static
  architecture: $arch
  description: busybox-static test image (Container Catalog peers)
templates: {}
META
tar -C "$work" --numeric-owner -cJf "$work/busybox-lxd.tar.xz" metadata.yaml rootfs
tar -C "$r" --numeric-owner -cf "$work/busybox-rootfs.tar" .
mv "$work/busybox-lxd.tar.xz" "$work/busybox-rootfs.tar" "$cache/"
