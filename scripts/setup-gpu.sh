#!/usr/bin/env bash
# Make a WebGPU adapter available to Dawn (npm `webgpu`) on a machine without a GPU.
#
# Dawn needs a Vulkan driver; on a CPU-only machine that is Mesa lavapipe. Debian bookworm's own
# Mesa (22.3) is too old (requestAdapter returns null); Mesa from bookworm-backports (25.x) works.
#
#   bash scripts/setup-gpu.sh
#
# 1. If an adapter is already usable: print `kiln: WebGPU adapter: <adapter>`, exit 0.
# 2. Else, if Mesa >= 24 (mesa-vulkan-drivers) and libvulkan1 are installed already: no apt.
#    Else, as root on Debian bookworm: add the bookworm-backports source if missing, apt-get
#    update, install mesa-vulkan-drivers libvulkan1 from bookworm-backports.
#    Else (not root, or not bookworm): print what to run, exit 1.
# 3. Probe again: exit 0 if there is an adapter, 1 if not.
#
# Idempotent, never prompts. When node_modules is missing (before `npm ci`) it cannot probe; it
# then decides from the installed packages alone and exits 0 once they are in place.
#
# Environment:
#   KILN_SETUP_NO_PROBE=1    install only, never probe (check-adapter.ts --install probes itself)
#   KILN_SETUP_DRY_RUN=1     print the commands that would change the system instead of running them
#   KILN_SETUP_FORCE_INSTALL=1  run the apt step even when the packages are already installed
#   KILN_FAKE_NO_ADAPTER=1   the probe pretends there is no adapter
#   KILN_FAKE_NONROOT=1      pretend not to be root
#   KILN_OS_RELEASE=<file>   read instead of /etc/os-release
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DEBIAN_FRONTEND=noninteractive
readonly SOURCES_FILE=/etc/apt/sources.list.d/backports.list
readonly SOURCE_LINE='deb http://deb.debian.org/debian bookworm-backports main'
readonly PACKAGES=(mesa-vulkan-drivers libvulkan1)
readonly MIN_MESA=24

say() { printf 'kiln: %s\n' "$*"; }
warn() { printf 'kiln: %s\n' "$*" >&2; }

is_root() {
  [[ "${KILN_FAKE_NONROOT:-}" != 1 && "$(id -u)" == 0 ]]
}

os_field() { # os_field KEY -> value from os-release, unquoted; empty if absent
  local file="${KILN_OS_RELEASE:-/etc/os-release}" line
  [[ -r "$file" ]] || return 0
  line="$(grep -E "^$1=" "$file" | head -n1 || true)"
  line="${line#*=}"
  line="${line%\"}"; line="${line#\"}"
  line="${line%\'}"; line="${line#\'}"
  printf '%s' "$line"
}

is_bookworm() {
  [[ "$(os_field ID)" == debian && "$(os_field VERSION_CODENAME)" == bookworm ]] && command -v apt-get >/dev/null 2>&1
}

# probe [quiet]: 0 = adapter (line printed), 1 = no adapter, 2 = cannot probe (no node_modules).
probe() {
  if ! command -v node >/dev/null 2>&1 || [[ ! -x node_modules/.bin/tsx || ! -d node_modules/webgpu ]]; then
    return 2
  fi
  local output rc=0
  if [[ "${1:-}" == quiet ]]; then
    output="$(node_modules/.bin/tsx scripts/check-adapter.ts 2>&1)" || rc=$?
    if [[ $rc == 0 ]]; then printf '%s\n' "$output"; fi
  else
    node_modules/.bin/tsx scripts/check-adapter.ts || rc=$?
  fi
  [[ $rc == 0 ]] && return 0
  return 1
}

installed_version() { # installed_version PKG -> version, empty if not installed
  local arch line
  command -v dpkg-query >/dev/null 2>&1 || return 0
  arch="$(dpkg --print-architecture 2>/dev/null || true)"
  line="$(dpkg-query -W -f='${db:Status-Abbrev} ${Version}\n' "$1${arch:+:$arch}" 2>/dev/null || true)"
  [[ "$line" == ii* ]] && printf '%s' "${line##* }"
  return 0
}

packages_ok() {
  local mesa vk
  mesa="$(installed_version mesa-vulkan-drivers)"
  vk="$(installed_version libvulkan1)"
  [[ -n "$mesa" && -n "$vk" ]] && dpkg --compare-versions "$mesa" ge "$MIN_MESA"
}

run() { # run CMD... : runs it (output prefixed `kiln: apt: `), or only prints it in a dry run
  if [[ "${KILN_SETUP_DRY_RUN:-}" == 1 ]]; then
    say "dry run: would run: $*"
    return 0
  fi
  local rc=0
  "$@" </dev/null 2>&1 | sed -u 's/^/kiln: apt: /' || rc=$?
  if [[ $rc != 0 ]]; then
    warn "error: command failed (exit $rc): $*"
    exit 1
  fi
}

print_instructions() {
  if ! is_bookworm; then
    warn 'this is not Debian bookworm (with apt-get), so this script cannot install a driver.'
    warn 'Install a Vulkan driver that Dawn accepts, e.g. Mesa lavapipe >= 24 (mesa-vulkan-drivers)'
    warn "and the Vulkan loader (libvulkan1), with this system's package manager; then run:"
    warn '  npm run check-gpu'
    return
  fi
  local pre=''
  warn 'installing the driver needs root. Run:'
  if command -v sudo >/dev/null 2>&1; then
    warn '  sudo bash scripts/setup-gpu.sh'
    warn 'or by hand:'
    pre='sudo '
  else
    warn '  su -c "bash scripts/setup-gpu.sh"'
    warn 'or by hand, as root:'
  fi
  warn "  ${pre}sh -c \"echo '$SOURCE_LINE' > $SOURCES_FILE\""
  warn "  ${pre}apt-get update"
  warn "  ${pre}apt-get install -y -t bookworm-backports ${PACKAGES[*]}"
}

has_backports_source() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -r "$f" ]] && grep -Eq '^[^#]*bookworm-backports' "$f" && return 0
  done
  return 1
}

install_driver() {
  local apt_opts=(-y -qq -o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=120
    -o Acquire::Retries=3 -o Acquire::http::Timeout=30
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  if has_backports_source; then
    say 'apt source bookworm-backports: present'
  else
    say "adding apt source: $SOURCE_LINE ($SOURCES_FILE)"
    if [[ "${KILN_SETUP_DRY_RUN:-}" == 1 ]]; then
      say "dry run: would write $SOURCES_FILE"
    else
      printf '%s\n' "$SOURCE_LINE" >"$SOURCES_FILE"
    fi
  fi
  say 'apt-get update'
  run apt-get "${apt_opts[@]}" update
  say "installing ${PACKAGES[*]} from bookworm-backports"
  run apt-get "${apt_opts[@]}" install -t bookworm-backports "${PACKAGES[@]}"
  if [[ "${KILN_SETUP_DRY_RUN:-}" != 1 ]]; then
    say "installed mesa-vulkan-drivers $(installed_version mesa-vulkan-drivers), libvulkan1 $(installed_version libvulkan1)"
  fi
}

main() {
  local rc=0 can_probe=1
  if [[ "${KILN_SETUP_NO_PROBE:-}" == 1 ]]; then
    can_probe=0
  else
    probe quiet || rc=$?
    case $rc in
      0) return 0 ;;
      1) say 'no WebGPU adapter found' ;;
      *) can_probe=0
         say 'cannot probe for an adapter yet (node_modules missing: run npm ci); checking packages' ;;
    esac
  fi

  if [[ "${KILN_SETUP_FORCE_INSTALL:-}" != 1 ]] && packages_ok; then
    say "mesa-vulkan-drivers $(installed_version mesa-vulkan-drivers) and libvulkan1 $(installed_version libvulkan1) are installed"
  elif is_root && is_bookworm; then
    install_driver
  else
    print_instructions
    return 1
  fi

  if [[ $can_probe == 0 ]]; then
    return 0
  fi
  rc=0
  probe || rc=$?
  if [[ $rc == 0 ]]; then
    return 0
  fi
  warn 'the driver packages are installed but Dawn still finds no adapter.'
  if [[ "${KILN_FAKE_NO_ADAPTER:-}" == 1 ]]; then
    warn 'KILN_FAKE_NO_ADAPTER=1 is set: the probe pretends there is no adapter.'
  fi
  local v
  for v in VK_ICD_FILENAMES VK_DRIVER_FILES VK_ADD_DRIVER_FILES; do
    if [[ -n "${!v:-}" ]]; then
      warn "$v=${!v} is set: make sure it names /usr/share/vulkan/icd.d/lvp_icd.json, or unset it."
    fi
  done
  warn 'More detail: VK_LOADER_DEBUG=error,warn npm run check-gpu'
  return 1
}

main "$@"
