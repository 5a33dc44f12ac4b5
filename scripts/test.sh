#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine, then run the whole suite.
# The README's test command; .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
if ((${#need_apt[@]})); then
  echo "== apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

echo "== pip install -e .[test]"
python3 -m pip install -q --disable-pip-version-check -e ".[test]"

echo "== Neo4j Community 5.26 from Maven Central (cached in .neo4j/)"
python3 scripts/neo4j_server.py install

echo "== ruff"
python3 -m ruff check kg tests scripts

echo "== pytest"
python3 -m pytest -q -p no:cacheprovider "$@"
