#!/bin/sh
# The image's entrypoint, and what the test suite runs to check it: apply migrations (and reference
# data on an empty database) as a step of their own, so a failed migration stops the container with
# the migration's own error before the server ever listens; then become the server (exec), so the
# server itself receives SIGTERM from the orchestrator and drains.
#   entrypoint.sh [serve]   migrate unless PMM_MIGRATE_ON_START is false, then serve
#   entrypoint.sh migrate   migrate and exit (a one-shot job before scaling out)
set -eu
cd "$(dirname "$0")/.."

migrate() {
  node dist/db/migrate.cli.js
}

case "${1:-serve}" in
  migrate)
    migrate
    ;;
  serve)
    case "${PMM_MIGRATE_ON_START:-true}" in
      false | 0 | no) ;;
      *) migrate ;;
    esac
    # Migrations are done (here, or by a job): the server only confirms them before it reports ready.
    PMM_MIGRATE_ON_START=false exec node dist/main.js
    ;;
  *)
    exec "$@"
    ;;
esac
