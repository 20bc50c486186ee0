#!/usr/bin/env bash
# Write ansible/inventories/<environment>/hosts.yml from the Terraform outputs,
# so `terraform apply` is followed directly by `ansible-playbook`.
#
#   terraform/scripts/write-inventory.sh <environment>
#
# Reads the state of the Terraform directory above this script (or TF_DIR), in
# the workspace TF_WORKSPACE selects if set, and refuses a state that belongs to
# another environment. Fails with one line on stderr and exit 1 when the
# outputs are missing (nothing applied yet) or incomplete.
set -euo pipefail

die() {
  printf 'write-inventory: %s\n' "$*" >&2
  exit 1
}

[[ $# -eq 1 ]] || die "usage: $0 <environment>"
env_name=$1
[[ $env_name =~ ^[a-z][a-z0-9-]{1,15}$ ]] || die "'$env_name' is not an environment name (lower-case letters, digits, hyphens)"
command -v terraform >/dev/null 2>&1 || die "terraform CLI not found on PATH"

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tf_dir=${TF_DIR:-$(dirname "$script_dir")}
inventory_dir="$(dirname "$script_dir")/../ansible/inventories/$env_name"

# Prints one output's raw value; on failure dies with terraform's own reason.
tf_output() {
  local value err
  err=$(mktemp)
  if ! value=$(terraform -chdir="$tf_dir" output -no-color -raw "$1" 2>"$err"); then
    local reason
    reason=$(grep -o -m1 'Error: .*' "$err" || echo "terraform output failed")
    rm -f "$err"
    die "cannot read output '$1' from $tf_dir ($reason); run terraform apply first"
  fi
  rm -f "$err"
  printf '%s' "$value"
}

# On an empty state `output -raw` prints a warning and exits 0, so look first.
outputs_json=$(terraform -chdir="$tf_dir" output -no-color -json 2>/dev/null) ||
  die "cannot read the Terraform state in $tf_dir; run terraform init and terraform apply first"
for name in environment ansible_inventory; do
  [[ $outputs_json == *"\"$name\":"* ]] ||
    die "the state in $tf_dir has no '$name' output; run terraform apply first"
done

state_env=$(tf_output environment)
[[ $state_env == "$env_name" ]] ||
  die "the state in $tf_dir is for environment '$state_env', not '$env_name'; select that environment's workspace or backend"

inventory=$(tf_output ansible_inventory)
grep -Eq 'ansible_host: "[0-9a-f.:]+"' <<<"$inventory" ||
  die "the instance has no public IP yet; run terraform apply (or refresh) again"

mkdir -p "$inventory_dir"
tmp=$(mktemp "$inventory_dir/.hosts.yml.XXXXXX")
trap 'rm -f "$tmp"' EXIT
printf '%s\n' "$inventory" >"$tmp"
chmod 0644 "$tmp"
mv -f "$tmp" "$inventory_dir/hosts.yml"
trap - EXIT
echo "wrote $(cd "$inventory_dir" && pwd)/hosts.yml"
