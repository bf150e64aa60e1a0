#!/usr/bin/env bash
# restore-fakeai.sh ARCHIVE — puts back what backup-fakeai.sh saved (config, keys file, unit,
# metrics database), with FakeAI STOPPED (systemctl stop fakeai): while a FakeAI holds the
# database the restore is refused before it writes anything. The database's stale -wal/-shm files
# are removed first (they belong to the replaced file), the copy is integrity-checked, and it gets
# the owner of its directory.
#   ROOT=/            restore under another root (e.g. a new machine's mount)
#   METRICS_DB=PATH   put the metrics database at PATH instead of the path it was saved from
set -euo pipefail

ARCHIVE="${1:?usage: $0 ARCHIVE.tar.gz}"
ROOT="${ROOT:-/}"
SQLITE3="${SQLITE3:-sqlite3}"

[[ -f "$ARCHIVE" ]] || { echo "error: $ARCHIVE: no such file" >&2; exit 1; }
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
tar -xzf "$ARCHIVE" -C "$STAGE"

mapfile -d '' STAGED < <(find "$STAGE" -type f -print0 | sort -z)
db_target() { echo "${METRICS_DB:-${ROOT%/}/${1#/}}"; }

# Every check before the first file is written: a refused restore changes nothing.
for staged in "${STAGED[@]}"; do
  rel="${staged#"$STAGE"}"
  [[ "$rel" == *.db ]] || continue
  target="$(db_target "$rel")"
  if command -v "$SQLITE3" >/dev/null 2>&1; then
    check="$("$SQLITE3" "$staged" "PRAGMA integrity_check;")"
    [[ "$check" == "ok" ]] || { echo "error: $rel in the archive is damaged: $check" >&2; exit 1; }
  fi
  # A running FakeAI holds an exclusive flock on its database: never replace it under it.
  if [[ -f "$target" ]] && ! flock -n "$target" true; then
    echo "error: $target is in use by a running FakeAI; stop it first (systemctl stop fakeai)" >&2
    exit 1
  fi
done

echo "FakeAI restore from $ARCHIVE into $ROOT"
for staged in "${STAGED[@]}"; do
  rel="${staged#"$STAGE"}"
  case "$rel" in
    *.db)
      target="$(db_target "$rel")"
      mkdir -p "$(dirname "$target")"
      rm -f "$target-wal" "$target-shm" "$target-journal"
      cp "$staged" "$target.restoring"
      mv "$target.restoring" "$target"
      chown "$(stat -c %u:%g "$(dirname "$target")")" "$target" 2>/dev/null || true
      echo "  + $target"
      ;;
    *)
      target="${ROOT%/}/${rel#/}"
      mkdir -p "$(dirname "$target")"
      cp -p "$staged" "$target"
      echo "  + $target"
      ;;
  esac
done

echo "Restore completed. Check it with: fakeai config show, then start FakeAI and run fakeai healthcheck"
