#!/usr/bin/env bash
# make demo: builds the provider and the fake GitLab, applies main.tf, rotates the secret, renews it
# behind Terraform's back and lets a plan with check_secrets find and renew it again, cleans up.
# Needs Go and terraform (or OpenTofu: TF=tofu, or a path); no network. Never touches the user's own CLI
# configuration.
set -euo pipefail
# TF=tofu also finds the OpenTofu that scripts/cli-toolchains.sh unpacks, when none is on PATH.
toolchains=${CLI_TOOLCHAINS:-$HOME/.cache/cli-toolchains}
cli=$(command -v "${TF:-terraform}") ||
	{ [ "${TF:-}" = tofu ] && cli=$(ls -d "$toolchains"/tofu-* 2>/dev/null | sort -V | tail -n 1) && [ -x "$cli" ]; } || {
	if [ "${TF:-}" = tofu ]; then
		echo "OpenTofu not found: 'bash scripts/cli-toolchains.sh' puts it in $toolchains (or install it from https://opentofu.org/docs/intro/install/)" >&2
	else
		echo "no CLI named ${TF:-terraform}: set TF to terraform, tofu or a path" >&2
	fi
	exit 1
}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
fake_pid=""
cleanup() {
	if [ -n "$fake_pid" ]; then kill "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Building the provider and the fake GitLab"
go build -C "$repo" -o "$work/bin/terraform-provider-gitlab" .
go build -C "$repo" -o "$work/fakegitlab" ./internal/cmd/fakegitlab

step "Starting the fake GitLab on loopback"
export GITLAB_TOKEN="glpat-demo-administrator-token"
"$work/fakegitlab" -listen 127.0.0.1:0 -url-file "$work/url" -admin-token "$GITLAB_TOKEN" >"$work/fakegitlab.log" 2>&1 &
fake_pid=$!
for _ in $(seq 1 100); do [ -s "$work/url" ] && break; sleep 0.05; done
[ -s "$work/url" ] || { cat "$work/fakegitlab.log" >&2; echo "the fake GitLab did not start" >&2; exit 1; }
export GITLAB_BASE_URL
GITLAB_BASE_URL=$(cat "$work/url")
echo "GitLab at $GITLAB_BASE_URL"

# A throw-away CLI configuration: the CLI uses the provider just built, with no init and no registry.
# Terraform resolves gitlab-oauth/gitlab on registry.terraform.io, OpenTofu on registry.opentofu.org.
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/gitlab-oauth/gitlab" = "$work/bin"
    "registry.opentofu.org/gitlab-oauth/gitlab" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1
mkdir "$work/config"
cp "$repo/examples/demo/main.tf" "$work/config/"
tf() { "$cli" -chdir="$work/config" "$@"; }
echo "CLI: $("$cli" version | head -n 1) ($cli)"

step "apply: create an instance application, a group application and a user application"
tf apply -auto-approve -input=false -compact-warnings
first_secret=$(tf output -raw client_secret)

step "output (the secret stays hidden)"
tf output

step "plan -var rotation=2: the instance application's secret is renewed in place"
tf plan -input=false -compact-warnings -var rotation=2
tf apply -auto-approve -input=false -compact-warnings -var rotation=2 >/dev/null
second_secret=$(tf output -raw client_secret)
tf output
if [ "$first_secret" != "$second_secret" ] && [ -n "$second_secret" ]; then
	echo "Rotated: same id and client id, a new secret (not shown)."
else
	echo "the secret did not change" >&2
	exit 1
fi

step "Someone presses \"Renew secret\" in GitLab's UI: the secret in state stops working"
curl -fsS -X POST "$GITLAB_BASE_URL/-/fake/renew-secret?id=$(tf output -raw id)"
echo "A plain plan cannot tell:"
tf plan -input=false -compact-warnings -var rotation=2 -detailed-exitcode | tail -n 1

step "plan with check_secrets: the refresh asks GitLab's token endpoint, finds the stale secret, plans its renewal"
export GITLAB_CHECK_SECRETS=true
set +e
tf plan -input=false -var rotation=2 -detailed-exitcode
code=$?
set -e
[ "$code" -eq 2 ] || { echo "plan -detailed-exitcode gave $code, want 2 (changes)" >&2; exit 1; }
tf apply -auto-approve -input=false -compact-warnings -var rotation=2 >/dev/null
third_secret=$(tf output -raw client_secret)
[ -n "$third_secret" ] && [ "$third_secret" != "$second_secret" ] || { echo "the secret was not renewed" >&2; exit 1; }
tf plan -input=false -compact-warnings -var rotation=2 -detailed-exitcode | tail -n 1
echo "Renewed again: the state holds a working secret, and the next plan is empty."
unset GITLAB_CHECK_SECRETS

step "Requests the fake GitLab saw"
# Every Read of one plan shares one list of the instance's applications (GitLab has no GET for one).
curl -fsS "$GITLAB_BASE_URL/-/fake/stats" | tr -d '{}' | tr ',' '\n' | sed 's/^/  /'
echo

step "destroy: clean up"
tf destroy -auto-approve -input=false -compact-warnings -no-color -var rotation=2 | grep -E '^Destroy complete'
