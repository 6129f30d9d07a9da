#!/usr/bin/env bash
# The package as a county would install it: `npm pack`, the tarball installed into an empty folder, then
# `nianbao inspect` and `nianbao run` there on bundled examples. Prints "pack: ok" or "pack: failed: <why>";
# exit status 0 or 1. Run by .ci/run after the tests (it needs the registry for the dependencies, or npm's cache).
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "pack: failed: $*"; exit 1; }

(cd "$root" && npm pack --silent --pack-destination "$work" >/dev/null 2>"$work/pack.log") || fail "npm pack: $(tail -3 "$work/pack.log")"
tarball="$(ls "$work"/nianbao-*.tgz 2>/dev/null | head -1)"
[[ -n "$tarball" ]] || fail "no tarball"
mkdir -p "$work/app/inbox"
cd "$work/app" || fail "no folder"
echo '{"name":"county","private":true}' > package.json
npm install "$tarball" --no-audit --no-fund --prefer-offline >"$work/install.log" 2>&1 || fail "npm install: $(tail -5 "$work/install.log")"
[[ ! -e node_modules/@swc/core ]] || fail "@swc/core was installed with the package (a development dependency)"

cp "$root/examples/东风镇-2022.xlsx" "$root/examples/八道壕镇2022年政务公开年报.xlsx" inbox/
touch -d '2023-01-05 09:00' inbox/*
out="$(npx --no-install nianbao inspect inbox/八道壕镇2022年政务公开年报.xlsx 2>&1)"
[[ "$out" == *"填报单位：八道壕镇"* ]] || fail "inspect: $out"
out="$(npx --no-install nianbao run 2>&1)"
[[ $? -eq 0 && "$out" == *"本次处理文件 2 个"* && -f outbox/2022/county-report.xlsx ]] || fail "run: $out"
echo "pack: ok"
