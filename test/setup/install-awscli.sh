#!/usr/bin/env bash
# Installs Debian's AWS CLI v2 (aws-cli 2.9.x, botocore inside), the second, independent client the
# emulator is tested with (test/unit/aws-cli). Idempotent: does nothing when an AWS CLI v2 is on PATH
# or at /usr/bin/aws. A v1 `aws` (pip's, e.g. under pyenv) does not count: it lacks
# `aws configure export-credentials` and sso-session profiles.
set -euo pipefail

has_v2() { "$1" --version 2>/dev/null | grep -q '^aws-cli/2\.'; }

if command -v aws >/dev/null 2>&1 && has_v2 aws; then
  echo "install-awscli: ready ($(aws --version 2>&1))"
  exit 0
fi
if [ -x /usr/bin/aws ] && has_v2 /usr/bin/aws; then
  echo "install-awscli: ready (/usr/bin/aws: $(/usr/bin/aws --version 2>&1))"
  exit 0
fi

sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
echo "install-awscli: apt-get install awscli"
# Another install (test/setup/install-vscode.sh, or a second job) may hold the dpkg lock: wait for it instead of failing.
lock_wait=(-o DPkg::Lock::Timeout=600)
$sudo_cmd apt-get "${lock_wait[@]}" update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get "${lock_wait[@]}" install -y -qq awscli >/dev/null
if ! has_v2 /usr/bin/aws; then
  echo "install-awscli: apt-get installed awscli, but /usr/bin/aws is not an AWS CLI v2 ($(/usr/bin/aws --version 2>&1 || true))." >&2
  exit 1
fi
echo "install-awscli: ready (/usr/bin/aws: $(/usr/bin/aws --version 2>&1))"
