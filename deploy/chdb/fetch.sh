#!/usr/bin/env bash
# Fetches the embedded ClickHouse engine (libchdb.so from the npm package
# @chdb/lib-linux-x64-gnu), verifies it, and unpacks it into the user cache directory, where
# `lingting` finds it (sinks/clickhouse/chdb.LibPath). Idempotent: a verified copy is kept and
# reused. Prints the library's path on stdout. Never commit the library.
#
#   LINGTING_CHDB_LIB   use this library instead (nothing is fetched)
#   XDG_CACHE_HOME      cache root (default ~/.cache)
set -euo pipefail

version=26.7.3-stable.1
# sha256 of chdb-lib-linux-x64-gnu-26.7.3-stable.1.tgz as the npm registry serves it.
tgz_sha256=c0d32b129e988f2b9a9a31c9141aecf5e1e2453f9a079efc4d36ab8e3f92b2ad

if [[ -n "${LINGTING_CHDB_LIB:-}" ]]; then
	[[ -f "$LINGTING_CHDB_LIB" ]] || { echo "LINGTING_CHDB_LIB=$LINGTING_CHDB_LIB: no such file" >&2; exit 1; }
	echo "$LINGTING_CHDB_LIB"
	exit 0
fi

dir="${XDG_CACHE_HOME:-$HOME/.cache}/lingting/chdb/$version"
lib="$dir/libchdb.so"
stamp="$dir/verified"
if [[ -f "$lib" && -f "$stamp" && "$(cat "$stamp")" == "$tgz_sha256" ]]; then
	echo "$lib"
	exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
	echo "npm not found: installing Debian's nodejs and npm" >&2
	apt-get update -qq >&2 && apt-get install -y -qq nodejs npm >&2
fi

mkdir -p "$dir"
tgz="$dir/chdb-lib-linux-x64-gnu-$version.tgz"
if [[ ! -f "$tgz" ]] || ! echo "$tgz_sha256  $tgz" | sha256sum -c --status; then
	echo "fetching @chdb/lib-linux-x64-gnu@$version (178 MB) …" >&2
	rm -f "$tgz"
	(cd "$dir" && npm pack --silent "@chdb/lib-linux-x64-gnu@$version" >/dev/null)
fi
echo "$tgz_sha256  $tgz" | sha256sum -c --status || {
	echo "checksum mismatch for $tgz: expected sha256 $tgz_sha256" >&2
	rm -f "$tgz"
	exit 1
}
tar -xzf "$tgz" -C "$dir" --strip-components=1 package/libchdb.so
rm -f "$tgz"
echo "$tgz_sha256" >"$stamp"
echo "$lib"
