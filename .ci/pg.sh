#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the queue test (test/runner/queue.test.ts).
#   .ci/pg.sh start DIR   installs Debian's postgresql if it is missing (quietly; no default cluster), initdb's a cluster
#                         into DIR/data, starts it listening on a unix socket in DIR only (no TCP port), and prints its
#                         connection URL — use it as IMPLICIT_REG_TEST_PG
#   .ci/pg.sh stop DIR    stops it and removes DIR
# PostgreSQL refuses to run as root, so as root the server runs as the OS user postgres (created by the package).
set -euo pipefail
cmd=${1:?usage: .ci/pg.sh start|stop DIR}
dir=${2:?usage: .ci/pg.sh start|stop DIR}
bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case $cmd in
start)
  if [ -z "$(bindir)" ]; then
    # no cluster of the package's own: this script makes the one it needs
    mkdir -p /etc/postgresql-common/createcluster.d
    echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/no-main-cluster.conf
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; } > "${TMPDIR:-/tmp}/implicit-reg-pg-install.log" 2>&1 \
      || { cat "${TMPDIR:-/tmp}/implicit-reg-pg-install.log" >&2; exit 1; }
  fi
  bin=$(bindir)
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 > "$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $dir -p 5432 -c fsync=off -c max_connections=100" start > /dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  echo "postgresql://postgres@localhost/postgres?host=$dir&port=5432"
  ;;
stop)
  bin=$(bindir)
  if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then as_pg "$bin/pg_ctl" -D "$dir/data" -w -m fast stop > /dev/null; fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: .ci/pg.sh start|stop DIR" >&2
  exit 2
  ;;
esac
