#!/usr/bin/env bash
# The repository's commands, in the .NET repositories' pattern:
#
#   ./build.sh test    installs what the tests need when it is missing, then runs the whole suite
#   ./build.sh setup   only the installs (Debian's redis-server and chromium)
#   ./build.sh pack    packs every package (and the templates) into artifacts/feed
#
# The installs use apt-get when this shell may: as root, or through `sudo -n` (sudo without a password prompt). When it
# may not, the script stops before testing and prints the one command to run. Extra arguments after `test` go to
# `dotnet test` (e.g. `./build.sh test --filter FullyQualifiedName~Package`).
set -euo pipefail
case "$0" in */*) cd "${0%/*}" ;; esac

# What the tests need beyond the .NET SDK: the Redis tests start a real redis-server on a loopback port, and the
# browser tests (the OAuth consent page, the emulator inspector) drive Debian's chromium through Playwright.
packages=()
command -v redis-server > /dev/null 2>&1 || packages+=(redis-server)
command -v chromium > /dev/null 2>&1 || packages+=(chromium)

setup() {
  if [ ${#packages[@]} -eq 0 ]; then
    return 0
  fi

  local as=()   # empty: as root
  local may=yes
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo > /dev/null 2>&1 && sudo -n true > /dev/null 2>&1; then
      as=(sudo -n)
    else
      may=no
    fi
  fi

  if ! command -v apt-get > /dev/null 2>&1; then
    echo "The tests need ${packages[*]}: install them with your system's package manager (chromium at /usr/bin/chromium), then run ./build.sh test again." >&2
    exit 2
  fi

  if [ "$may" = no ]; then
    echo "The tests need ${packages[*]}, and this shell may not install them (not root, and sudo asks for a password)." >&2
    echo "Run this once, then ./build.sh test again:" >&2
    echo >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${packages[*]}" >&2
    exit 2
  fi

  echo "Installing ${packages[*]} with apt-get..."
  "${as[@]}" apt-get update -qq
  "${as[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" > /dev/null
  packages=()
}

command=${1:-test}
[ $# -gt 0 ] && shift
case "$command" in
  setup)
    setup
    ;;
  test)
    setup
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
    exec dotnet test Bunq.Generators.sln -c Release "$@"
    ;;
  pack)
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
    exec dotnet pack Bunq.Generators.sln -c Release -o artifacts/feed "$@"
    ;;
  -h | --help | help)
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    ;;
  *)
    echo "unknown command '$command': use test, setup or pack (./build.sh --help)" >&2
    exit 64
    ;;
esac
