# Starts the real services tests need when they are not already answering (GUIDE.md).
wait_for() { # name, command...
  local name=$1; shift
  for _ in $(seq 1 60); do
    if "$@" >/dev/null 2>&1; then echo "$name is up"; return 0; fi
    sleep 1
  done
  echo "$name did not come up" >&2
  return 1
}

ensure_postgres() {
  if ! pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  fi
  wait_for postgresql pg_isready -h 127.0.0.1 -p 5432
}

ensure_redis() {
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
  fi
  wait_for redis redis-cli -h 127.0.0.1 -p 6379 ping
}

# Alerting tests start their own Prometheus and Alertmanager (Debian packages) on free ports;
# install them when missing, refreshing the package lists only if the first try fails.
ensure_alerting_binaries() {
  if command -v prometheus >/dev/null 2>&1 && command -v prometheus-alertmanager >/dev/null 2>&1; then return 0; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends prometheus prometheus-alertmanager \
    || { apt-get update && apt-get install -y --no-install-recommends prometheus prometheus-alertmanager; }
  command -v prometheus >/dev/null && command -v prometheus-alertmanager >/dev/null
}

# The plugin's browser check drives Debian's Chromium through playwright-core.
ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return 0; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update && apt-get install -y chromium
  [ -x /usr/bin/chromium ]
}
