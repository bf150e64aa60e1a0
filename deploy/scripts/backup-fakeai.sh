#!/usr/bin/env bash
# backup-fakeai.sh [daily|weekly] — the operations guide's backup script, made safe to run while
# FakeAI serves: the metrics database is copied with SQLite's online backup (a consistent
# snapshot, WAL included), never with cp. Writes BACKUP_DIR/fakeai-backup[-weekly]-DATE.tar.gz
# whose members keep their paths from /, so `restore-fakeai.sh ARCHIVE` (or `tar -xzf ARCHIVE -C /`
# with FakeAI stopped) puts them back.
#   0 2 * * * /opt/fakeai/scripts/backup-fakeai.sh
#   0 3 * * 0 /opt/fakeai/scripts/backup-fakeai.sh weekly
# Needs sqlite3 (Debian/Ubuntu: apt-get install sqlite3) when metrics persistence is on.
set -euo pipefail

KIND="${1:-daily}"
# Daily names go on with the date's digits, so the clean-up below never mixes the two kinds.
case "$KIND" in
  daily) RETENTION_DAYS="${RETENTION_DAYS:-30}"; PREFIX=fakeai-backup ;;
  weekly) RETENTION_DAYS="${RETENTION_DAYS:-90}"; PREFIX=fakeai-backup-weekly ;;
  *) echo "usage: $0 [daily|weekly]" >&2; exit 2 ;;
esac

BACKUP_DIR="${BACKUP_DIR:-/backup/fakeai}"
CONFIG_FILE="${CONFIG_FILE:-/etc/fakeai/config.yaml}"
API_KEYS_FILE="${API_KEYS_FILE:-/etc/fakeai/api-keys.txt}"
ENV_FILE="${ENV_FILE:-/etc/fakeai/fakeai.env}"
UNIT_FILE="${UNIT_FILE:-/etc/systemd/system/fakeai.service}"
METRICS_DB="${FAKEAI_METRICS_DB_PATH:-/var/lib/fakeai/metrics.db}"
SQLITE3="${SQLITE3:-sqlite3}"
DATE="$(date +%Y%m%d-%H%M%S)"
ARCHIVE="$BACKUP_DIR/$PREFIX-$DATE.tar.gz"

mkdir -p "$BACKUP_DIR"
STAGE="$(mktemp -d "$BACKUP_DIR/.staging-XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT

# Copies FILE to STAGE/FILE (its path from /), when it exists.
stage_file() {
  local file="$1"
  if [[ -f "$file" ]]; then
    mkdir -p "$STAGE$(dirname "$file")"
    cp -p "$file" "$STAGE$file"
    echo "  + $file"
  else
    echo "  - $file (not present, skipped)"
  fi
}

echo "FakeAI backup ($KIND) → $ARCHIVE"
stage_file "$CONFIG_FILE"
stage_file "$API_KEYS_FILE"
stage_file "$ENV_FILE"
stage_file "$UNIT_FILE"

if [[ -f "$METRICS_DB" ]]; then
  if ! command -v "$SQLITE3" >/dev/null 2>&1; then
    echo "error: $SQLITE3 not found; it is needed for a consistent copy of $METRICS_DB" >&2
    echo "       (Debian/Ubuntu: apt-get install sqlite3)" >&2
    exit 1
  fi
  mkdir -p "$STAGE$(dirname "$METRICS_DB")"
  # The online backup API: a consistent snapshot even while FakeAI writes (WAL mode).
  "$SQLITE3" -cmd ".timeout 10000" "$METRICS_DB" ".backup '$STAGE$METRICS_DB'"
  check="$("$SQLITE3" "$STAGE$METRICS_DB" "PRAGMA integrity_check;")"
  if [[ "$check" != "ok" ]]; then
    echo "error: the copy of $METRICS_DB fails its integrity check: $check" >&2
    exit 1
  fi
  echo "  + $METRICS_DB (online backup, integrity ok)"
else
  echo "  - $METRICS_DB (not present, skipped)"
fi

tar -czf "$ARCHIVE.tmp" -C "$STAGE" .
mv "$ARCHIVE.tmp" "$ARCHIVE"

# Old backups of this kind (the guide keeps 30 days).
find "$BACKUP_DIR" -maxdepth 1 -name "$PREFIX-[0-9]*.tar.gz" -mtime +"$RETENTION_DAYS" -delete

echo "Backup completed: $ARCHIVE"
