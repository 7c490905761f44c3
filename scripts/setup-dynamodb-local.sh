#!/usr/bin/env bash
# Fetches DynamoDB Local (AWS's own emulator) from the npm registry into .dynamodb-local/, without
# adding the heavy package to the project's dependencies. The store tests then also run against it.
set -euo pipefail
cd "$(dirname "$0")/.."
target=.dynamodb-local
version=2.9.30
if [ -f "$target/DynamoDBLocal.jar" ] && [ "$(cat "$target/.version" 2>/dev/null)" = "$version" ]; then
  echo "DynamoDB Local $version already in $target"
  exit 0
fi
if ! command -v java >/dev/null; then
  echo "java not found: DynamoDB Local needs a Java runtime (17+)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
npm pack "amplify-dynamodb-simulator@$version" --pack-destination "$work" --silent >/dev/null
tar -xzf "$work"/amplify-dynamodb-simulator-*.tgz -C "$work" package/emulator
rm -rf "$target"
mv "$work/package/emulator" "$target"
echo "$version" > "$target/.version"
echo "DynamoDB Local $version installed in $target"
