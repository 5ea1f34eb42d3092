#!/usr/bin/env bash
# Writes .sqlx/, the offline description of every compile-time-checked query, from the migrations
# in a throwaway PostgreSQL cluster (no DATABASE_URL or running server needed). With --check it
# writes nothing and fails when .sqlx/ no longer matches the queries or the schema.
# Usage: scripts/sqlx-prepare.sh [--check]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
mode=${1:-}

bindir=$(pg_config --bindir 2>/dev/null || true)
[ -x "$bindir/initdb" ] || bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
# PostgreSQL refuses to run as root; Debian's server package creates the postgres user.
as_pg=()
[ "$(id -u)" = 0 ] && as_pg=(runuser -u postgres --)
# In /tmp: short enough for a Unix socket path, and reachable by the postgres user.
dir=$(mktemp -d /tmp/ruralrise-sqlx.XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres "$dir"
stop() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
"${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-locale --no-sync >/dev/null
"${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
  -o "-k $dir -c listen_addresses='' -c fsync=off -c unix_socket_permissions=0700" -w start >/dev/null
url="postgres://postgres@localhost/ruralrise?host=$dir"
sqlx database create --database-url "$url"
sqlx migrate run --database-url "$url" >/dev/null

# sqlx touches the crate's sources to make cargo expand the macros again; their times are put
# back afterwards so the release build and tests that follow are not needlessly redone.
times=$(mktemp -d)
find src build.rs -type f -exec cp -a --attributes-only --parents {} "$times" \;
restore() {
  (cd "$times" && find . -type f -exec touch -r {} "$OLDPWD/{}" \;)
  rm -rf "$times"
  stop
}
trap restore EXIT
args=(--release --features ssr --no-default-features)
if [ "$mode" = --check ]; then
  DATABASE_URL=$url SQLX_OFFLINE=false cargo sqlx prepare --check -- "${args[@]}"
else
  DATABASE_URL=$url SQLX_OFFLINE=false cargo sqlx prepare -- "${args[@]}"
  echo "wrote $(ls .sqlx | wc -l) query descriptions to .sqlx/"
fi
