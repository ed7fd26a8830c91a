#!/usr/bin/env bash
# `npm run codegen:check`: quiet when clients/*/generated is current; otherwise only the codegen's own
# errors (stale files, or an operation that no longer validates against the schema, with its file and line).
set -uo pipefail
cd "$(dirname "$0")/.."
# The clients' copy of the server's error codes and problem shape (scripts/error-contract.ts).
npx --no-install jiti scripts/error-contract.cli.ts --check || exit 1
if out=$(npx --no-install graphql-codegen --config codegen.yml --check 2>&1); then
  echo "[codegen] generated clients and the error contract are current"
  exit 0
fi
# The progress lines (❯ started, ✔ done) say nothing about what failed.
printf '%s\n' "$out" | grep -v -e '^\s*❯' -e '^\s*✔' >&2
echo "[codegen] clients/*/generated is stale or an operation no longer matches schema/schema.graphql: fix the operation, run \`npm run codegen\` and commit" >&2
exit 1
