#!/usr/bin/env bash
# Prints the paths of the CLIs that the acceptance matrix runs besides the terraform on PATH and the
# oldest Terraform's build: the "extra" CLIs of scripts/cli-versions (Terraform 1.15.9, OpenTofu 1.10.10
# and 1.12.6), one a line.
#
# They come from the shared toolchains folder (TOOLCHAINS_DIR, default ../shared/toolchains next to the
# repository), whose install script unpacks and checks them into CLI_TOOLCHAINS (default
# ~/.cache/cli-toolchains). Without that folder, OpenTofu is built from the Go module proxy instead, and
# Terraform 1.15.9, which cannot be, is left out with a warning.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
src=${TOOLCHAINS_DIR:-$repo/../shared/toolchains}
dest=${CLI_TOOLCHAINS:-$HOME/.cache/cli-toolchains}
mapfile -t opentofu_versions < <(awk '$1 == "tofu" && $3 == "extra" { print $2 }' "$repo/scripts/cli-versions")
terraform_version=$(awk '$1 == "terraform" && $3 == "extra" { print $2 }' "$repo/scripts/cli-versions")

warn() { printf '\n!!! %s\n\n' "$*" >&2; }

if [ -x "$src/install" ]; then
	"$src/install" "$dest" | awk '{ print $2 }'
	exit 0
fi

# OpenTofu replaces hashicorp/hcl with its own fork in its go.mod; `go install` ignores replace
# directives of the installed module, so a throw-away module repeats that one and builds tofu.
build_tofu() {
	local version=$1 out=$2 tmp gomod fork
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' RETURN
	(
		cd "$tmp"
		go mod init opentofu-build >/dev/null 2>&1
		gomod=$(go mod download -json "github.com/opentofu/opentofu@v$version" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p')
		fork=$(grep -E 'github.com/hashicorp/hcl/v2.*=>' "$gomod" | sed -E 's/.*=>[[:space:]]*([^[:space:]]+)[[:space:]]+([^[:space:]]+).*/\1@\2/')
		[ -n "$fork" ] || { echo "no hcl replace line in OpenTofu $version's go.mod" >&2; exit 1; }
		go mod edit -replace "github.com/hashicorp/hcl/v2=$fork"
		go get "github.com/opentofu/opentofu/cmd/tofu@v$version" >/dev/null 2>&1
		mkdir -p "$(dirname "$out")"
		go build -ldflags "-w -s -X 'github.com/opentofu/opentofu/version.dev=no'" -o "$out" github.com/opentofu/opentofu/cmd/tofu
	)
}

warn "no CLI toolchains at $src (TOOLCHAINS_DIR): building OpenTofu from the Go module proxy"
for version in "${opentofu_versions[@]}"; do
	out="$dest/tofu-$version"
	if [ -x "$out" ] || build_tofu "$version" "$out" >&2; then
		echo "$out"
	else
		warn "could not build OpenTofu $version: it is LEFT OUT of the matrix"
	fi
done
if [ -x "$dest/terraform-$terraform_version" ]; then
	echo "$dest/terraform-$terraform_version"
else
	warn "Terraform $terraform_version is not in $dest and cannot be built from the Go module proxy: it is LEFT OUT of the matrix"
fi
