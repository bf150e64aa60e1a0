#!/usr/bin/env bash
# install.sh — installs FakeAI as fakeai.service runs it: the binary, the `fakeai` user, the unit,
# /etc/fakeai/fakeai.env for local overrides (kept when present), the logrotate file and the
# unit's WorkingDirectory. systemd creates the state, log and cache directories itself. As root,
# from the repository after `deno task compile`:
#   deploy/systemd/install.sh && systemctl daemon-reload && systemctl enable --now fakeai
#   BINARY=PATH   the executable to install (default: dist/fakeai)
#   DESTDIR=DIR   stage the files under DIR (a package, a test); the user and the files' group are
#                 then left to the machine they are installed on
set -euo pipefail

KIT="$(cd "$(dirname "$0")/.." && pwd)"
BINARY="${BINARY:-$KIT/../dist/fakeai}"
DESTDIR="${DESTDIR:-}"

[[ -x "$BINARY" ]] || { echo "error: $BINARY: build it first (deno task compile)" >&2; exit 1; }
group=(-g fakeai)
if [[ -n "$DESTDIR" ]]; then
  group=()
elif ! id -u fakeai >/dev/null 2>&1; then
  useradd -r -s /usr/sbin/nologin fakeai
fi

install -D -m 0755 "$BINARY" "$DESTDIR/usr/local/bin/fakeai"
install -D -m 0644 "$KIT/systemd/fakeai.service" "$DESTDIR/etc/systemd/system/fakeai.service"
install -d -m 0755 "$DESTDIR/etc/fakeai"
if [[ ! -e "$DESTDIR/etc/fakeai/fakeai.env" ]]; then
  install -m 0640 "${group[@]}" "$KIT/systemd/fakeai.env" "$DESTDIR/etc/fakeai/fakeai.env"
fi
install -D -m 0644 "$KIT/logrotate/fakeai" "$DESTDIR/etc/logrotate.d/fakeai"
# WorkingDirectory; read-only to the service (ProtectSystem=strict), which writes only to the
# directories systemd makes for it.
install -d -m 0755 "$DESTDIR/opt/fakeai"
echo "Installed under ${DESTDIR:-/}. Next: systemctl daemon-reload && systemctl enable --now fakeai"
