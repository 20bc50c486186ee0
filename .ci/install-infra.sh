#!/usr/bin/env bash
# Install the machine packages the infra tests need, idempotently:
#   debootstrap + systemd-container  boot a Debian 12 systemd host (tests/infra/test_ansible.py)
#   openssh-client                    reach it as Ansible does
# Run as root (CI is root). Does nothing when everything is already there.
set -euo pipefail

packages=(debootstrap systemd-container openssh-client tar gzip)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
        missing+=("$package")
done
if ((${#missing[@]} == 0)); then
    echo "install-infra: all present (${packages[*]})"
    exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
    echo "install-infra: missing ${missing[*]}; run as root" >&2
    exit 1
fi
echo "install-infra: installing ${missing[*]}"
# Another apt may hold the lock for a while (e.g. a parallel setup step): wait for it.
export DEBIAN_FRONTEND=noninteractive
apt_opts=(-o DPkg::Lock::Timeout=300 -y -qq)
apt-get "${apt_opts[@]}" update
apt-get "${apt_opts[@]}" install --no-install-recommends "${missing[@]}"
