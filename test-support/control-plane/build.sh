#!/usr/bin/env bash
# Builds the control plane that the tests run (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kubectl) from the Go module proxy, as pinned by go.mod and go.sum beside this
# script, into a cache outside the clone keyed by the pinned versions:
#   ${REFLOW_CONTROL_PLANE_CACHE:-$HOME/.cache/reflow/control-plane}/<kubernetes>-etcd<etcd>/
# A second run finds every binary there and costs nothing. Prints the binary folder on its
# last line. Needs Go 1.26 or newer (go.mod says which).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

if ! command -v go >/dev/null; then
  echo "go not found: the control plane is built from the Go module proxy with Go 1.26+" >&2
  exit 3
fi

kubernetes=$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ {print $2; exit}' go.mod)
etcd=$(awk '$1 == "go.etcd.io/etcd/server/v3" && $2 ~ /^v/ {print $2; exit}' go.mod)
cache="${REFLOW_CONTROL_PLANE_CACHE:-$HOME/.cache/reflow/control-plane}"
out="$cache/$kubernetes-etcd${etcd#v}"
binaries=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl)

# Prints the folder and exits when every binary is there; else leaves the absent ones in $missing.
exit_if_built() {
  missing=()
  for binary in "${binaries[@]}"; do
    [ -x "$out/$binary" ] || missing+=("$binary")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "$out"
    exit 0
  fi
}
exit_if_built

mkdir -p "$out"
# Builds of several clones (or modules) on one machine wait for one another instead of compiling
# Kubernetes side by side; the waiting one then finds the binaries and builds nothing.
exec 9>"$out/.lock"
flock 9
exit_if_built
echo "building ${missing[*]} ($kubernetes, etcd $etcd) into $out" >&2
staging=$(mktemp -d "$out/.build.XXXXXX")
trap 'rm -rf "$staging"' EXIT

# What `kubectl version` and the API server's /version report (Helm checks kubeVersion with it).
minor=$(echo "$kubernetes" | cut -d. -f2)
version_flags="-X k8s.io/component-base/version.gitVersion=$kubernetes"
version_flags+=" -X k8s.io/component-base/version.gitMajor=1"
version_flags+=" -X k8s.io/component-base/version.gitMinor=$minor"
version_flags+=" -X k8s.io/component-base/version.gitTreeState=clean"
version_flags+=" -X k8s.io/client-go/pkg/version.gitVersion=$kubernetes"
version_flags+=" -X k8s.io/client-go/pkg/version.gitMajor=1"
version_flags+=" -X k8s.io/client-go/pkg/version.gitMinor=$minor"

export GOFLAGS=-mod=readonly
for binary in "${missing[@]}"; do
  case "$binary" in
    etcd) package=go.etcd.io/etcd/server/v3 ;;
    *) package=k8s.io/kubernetes/cmd/$binary ;;
  esac
  start=$(date +%s)
  go build -ldflags "-s -w $version_flags" -o "$staging/$binary" "$package"
  mv "$staging/$binary" "$out/$binary"
  echo "built $binary in $(($(date +%s) - start)) s" >&2
done
echo "$out"
