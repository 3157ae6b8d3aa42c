#!/usr/bin/env bash
# Builds, once, the image of the ssh target's systemd test hosts: a Debian bookworm root made with
# debootstrap from this machine's own Debian mirror, with systemd as init, sshd, dbus, sudo and the
# tools the drills use on a host (iproute2, iptables, tar). The root is cached as a tarball outside the
# checkout and imported into the engine at DOCKER_HOST when that engine lacks the image.
# Idempotent: prints the image name and exits 0 when the image is there already.
#
# Environment:
#   SYSTEMD_HOST_IMAGE   image name (default localhost/etcd-ha-test/systemd-host:bookworm)
#   ETCD_HA_TEST_CACHE   cache folder (default ${XDG_CACHE_HOME:-~/.cache}/etcd-ha-test)
#   DEBIAN_MIRROR        Debian mirror URL (default: the first bookworm mirror in this machine's apt sources)
#   BUILD_TIMEOUT        seconds debootstrap may take (default 900)
set -euo pipefail

image="${SYSTEMD_HOST_IMAGE:-localhost/etcd-ha-test/systemd-host:bookworm}"
cache="${ETCD_HA_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/etcd-ha-test}"
tarball="$cache/systemd-host-bookworm.tar"
timeout_s="${BUILD_TIMEOUT:-900}"
packages=systemd,systemd-sysv,openssh-server,dbus,sudo,iproute2,iptables,tar,procps
# Bump when the root's setup below changes, so a cached tarball and an imported image of an older
# setup are rebuilt rather than reused.
recipe=3

log() { printf 'systemd-host-image: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

command -v docker >/dev/null || die "the docker CLI is not installed (scripts/test.sh installs docker.io)"
docker version --format '{{.Server.Version}}' >/dev/null 2>&1 ||
  die "no engine answers at DOCKER_HOST=${DOCKER_HOST:-(unset)}; start one or run through scripts/test.sh"

image_recipe() { docker image inspect --format '{{index .Config.Labels "io.github.etcd-ha.recipe"}}' "$image" 2>/dev/null || true; }
if [ "$(image_recipe)" = "$recipe" ]; then
  echo "$image"
  exit 0
fi

mkdir -p "$cache"
# One build at a time per cache: a second caller waits for the first one's tarball.
exec 9>"$cache/.systemd-host.lock"
flock -w "$((timeout_s + 120))" 9 || die "another build still holds $cache/.systemd-host.lock after $((timeout_s + 120)) s"

if [ ! -s "$tarball" ] || [ "$(cat "$tarball.recipe" 2>/dev/null)" != "$recipe" ]; then
  [ "$(id -u)" -eq 0 ] || die "debootstrap needs root to build $tarball (run as root, or with sudo)"
  command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
  mirror="${DEBIAN_MIRROR:-}"
  if [ -z "$mirror" ] && [ -r /etc/apt/sources.list.d/debian.sources ]; then
    # deb822: the URIs of the first stanza whose Suites name bookworm and whose Types hold deb.
    mirror="$(awk '
      /^[[:space:]]*$/ { if (deb && suite && uri) { print uri; exit } deb = suite = 0; uri = ""; next }
      /^Types:/ && / deb( |$)/ { deb = 1 }
      /^Suites:/ && /(^|[[:space:]])bookworm([[:space:]]|$)/ { suite = 1 }
      /^URIs:/ { uri = $2 }
      END { if (deb && suite && uri) print uri }' /etc/apt/sources.list.d/debian.sources | head -n 1)"
  fi
  if [ -z "$mirror" ] && [ -r /etc/apt/sources.list ]; then
    mirror="$(awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' /etc/apt/sources.list)"
  fi
  [ -n "$mirror" ] || die "found no bookworm mirror in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list; set DEBIAN_MIRROR"

  root="$(mktemp -d "$cache/root.XXXXXX")"
  cleanup() {
    if [ -n "${root:-}" ]; then
      # debootstrap mounts these in the root while it installs; a killed one leaves them.
      for fs in dev/pts proc sys; do umount -l "$root/$fs" 2>/dev/null || true; done
      rm -rf --one-file-system "$root"
    fi
    rm -f "$tarball.tmp"
  }
  trap cleanup EXIT
  log "debootstrap bookworm (minbase + $packages) from $mirror into $root (at most ${timeout_s} s)"
  started=$SECONDS
  if ! timeout "$timeout_s" debootstrap --variant=minbase --include="$packages" bookworm "$root" "$mirror" \
    >"$cache/debootstrap.log" 2>&1; then
    tail -n 20 "$cache/debootstrap.log" >&2
    die "debootstrap failed or took over ${timeout_s} s (log: $cache/debootstrap.log)"
  fi
  log "debootstrap took $((SECONDS - started)) s"

  # The hosts' setup, inside the root.
  # - machine-id empty: systemd makes one per container at boot, as on a freshly imaged host.
  # - no host keys: each host gets its own before it starts.
  # - authorized keys in /etc/ssh/authorized_keys/<user> (root-owned), written before start.
  # - etcd-ha: a non-root user with passwordless sudo, as on hosts where root logins are off.
  # - units that only make sense on hardware or a console are masked, so boots are quick and clean.
  chroot "$root" /bin/sh -eu -c '
    : >/etc/machine-id
    rm -f /var/lib/dbus/machine-id /etc/ssh/ssh_host_*
    useradd --create-home --uid 1000 --user-group --shell /bin/bash etcd-ha
    printf "%s\n" "etcd-ha ALL=(ALL) NOPASSWD:ALL" >/etc/sudoers.d/etcd-ha
    chmod 0440 /etc/sudoers.d/etcd-ha
    mkdir -p /etc/ssh/authorized_keys /etc/ssh/sshd_config.d
    printf "%s\n" "AuthorizedKeysFile /etc/ssh/authorized_keys/%u" "PasswordAuthentication no" \
      "PermitRootLogin prohibit-password" "HostKey /etc/ssh/ssh_host_ed25519_key" "UseDNS no" \
      "MaxStartups 50" "MaxSessions 50" >/etc/ssh/sshd_config.d/etcd-ha-test.conf
    for unit in getty@tty1.service console-getty.service serial-getty@.service getty.target \
      systemd-firstboot.service systemd-udevd.service systemd-udev-trigger.service \
      systemd-modules-load.service systemd-remount-fs.service sys-kernel-config.mount \
      sys-kernel-debug.mount sys-kernel-tracing.mount sys-fs-fuse-connections.mount \
      systemd-timesyncd.service apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer \
      fstrim.timer dpkg-db-backup.timer; do
      ln -sf /dev/null "/etc/systemd/system/$unit"
    done
    systemctl enable ssh.service >/dev/null 2>&1 || true
    apt-get clean
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /usr/share/doc/* /usr/share/man/* /usr/share/locale/* /var/log/*.log
  '
  log "packing $tarball"
  tar --numeric-owner --xattrs -C "$root" -cf "$tarball.tmp" .
  mv "$tarball.tmp" "$tarball"
  echo "$recipe" >"$tarball.recipe"
  rm -rf --one-file-system "$root"
  root=""
fi

if [ "$(image_recipe)" != "$recipe" ]; then
  log "importing $tarball as $image"
  # systemd as PID 1 learns it runs in a container from `container`. It halts on SIGRTMIN+3, which
  # `docker import` cannot record (no STOPSIGNAL change): the hosts are run with --stop-signal.
  timeout 600 docker import \
    --change 'CMD ["/sbin/init"]' \
    --change 'ENV container=docker' \
    --change "LABEL io.github.etcd-ha.recipe=$recipe" \
    "$tarball" "$image" >/dev/null || die "docker import of $tarball as $image failed"
fi
echo "$image"
