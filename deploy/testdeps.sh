#!/usr/bin/env bash
# Installs, from Debian's packages, the real peers the tests run against and the tools the
# build needs, when they are missing. Idempotent: installs nothing when all are present.
# Needs root (or sudo) only when something is missing.
set -euo pipefail

need=()
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)   # fetches the embedded engine
command -v gcc >/dev/null 2>&1 || need+=(gcc)          # the WeCom SDK bridge's cgo test double
# Alertmanager receives the alert notifier's alerts in the notifier tests.
command -v prometheus-alertmanager >/dev/null 2>&1 || need+=(prometheus-alertmanager)
# promtool (package prometheus) checks the Pipeline health dashboard's PromQL.
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
((${#need[@]})) || exit 0

sudo=""
[[ $(id -u) == 0 ]] || sudo=sudo
echo "installing Debian packages for the tests: ${need[*]}" >&2
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >&2
