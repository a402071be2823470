#!/usr/bin/env bash
# Install the Debian packages LayerLab needs on this machine, only those that are missing:
#   docker.io (dockerd for the sandbox engine), busybox-static and debootstrap (offline base
#   images), chromium and Korean fonts (page screenshots / e2e), nginx (the lesson-page benchmark
#   serves the saved HTML with it; never started as a service).
# Idempotent. Never leaves Debian's own docker service running: the project runs its own
# network-less dockerd (npm run sandbox:start); a default dockerd would create the docker0 bridge
# and iptables rules, which the network rule forbids.
set -euo pipefail

PACKAGES=(docker.io busybox-static debootstrap chromium fonts-nanum fonts-nanum-coding nginx)

log() { echo "[system-packages] $*"; }

if [ "$(id -u)" != 0 ]; then
  echo "[system-packages] must run as root" >&2
  exit 1
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
    log "present: $pkg"
  else
    missing+=("$pkg")
  fi
done

stop_debian_docker() {
  # A dockerd that apt's postinst may have started on /var/run/docker.sock (not ours: ours runs
  # with --pidfile under the project's data dir).
  local pid
  for pidfile in /var/run/docker.pid /run/docker.pid; do
    if [ -s "$pidfile" ]; then
      pid=$(cat "$pidfile")
      if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q '/usr/sbin/dockerd\|^dockerd'; then
        log "stopping Debian's default dockerd (pid $pid)"
        kill "$pid" || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" || true
      fi
      rm -f "$pidfile"
    fi
  done
  # Any other dockerd without our --pidfile under a layerlab data dir (i.e. the default one).
  for pid in $(pgrep -x dockerd || true); do
    if ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- '--bridge=none'; then
      log "stopping default dockerd (pid $pid: $(tr '\0' ' ' <"/proc/$pid/cmdline"))"
      kill "$pid" || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" || true
    fi
  done
  if ip link show docker0 >/dev/null 2>&1; then
    log "deleting the docker0 bridge"
    ip link delete docker0
  fi
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    # Keep a real systemd from (re)starting it; harmless where systemd is not running.
    systemctl disable --now docker.service docker.socket >/dev/null 2>&1 || true
  fi
}

if [ ${#missing[@]} -eq 0 ]; then
  log "all packages present"
else
  log "installing: ${missing[*]}"
  # Keep services from auto-starting during the install (policy-rc.d exit 101), unless the machine
  # already has a policy of its own, which we leave untouched.
  policy=/usr/sbin/policy-rc.d
  own_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# layerlab: no service starts during package installs\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    own_policy=1
    log "wrote $policy (exit 101) for the install"
  fi
  trap '[ "$own_policy" = 1 ] && rm -f "$policy"' EXIT
  export DEBIAN_FRONTEND=noninteractive
  log "apt-get update"
  apt-get update -q
  log "apt-get install ${missing[*]}"
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

stop_debian_docker

if [ -n "$(ip -o link show type bridge 2>/dev/null)" ]; then
  log "WARNING: bridges exist on this host:"
  ip -o link show type bridge
fi
log "done"
