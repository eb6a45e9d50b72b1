#!/usr/bin/env bash
# Installs Debian's AWS CLI v2 (aws-cli 2.9.x, botocore inside), the second, independent client the emulator is
# tested with (test/unit/aws-cli), and openssl, which those tests use for a throw-away TLS certificate.
# Idempotent: installs only what is missing. A v1 `aws` (pip's, e.g. under pyenv) does not count: it lacks
# `aws configure export-credentials` and sso-session profiles, so Debian's v2 goes to /usr/bin/aws beside it.
set -euo pipefail

has_v2() { "$1" --version 2>/dev/null | grep -q '^aws-cli/2\.'; }

need=()
if ! { command -v aws >/dev/null 2>&1 && has_v2 aws; } && ! { [ -x /usr/bin/aws ] && has_v2 /usr/bin/aws; }; then need+=(awscli); fi
command -v openssl >/dev/null 2>&1 || need+=(openssl)

if [ "${#need[@]}" -gt 0 ]; then
  echo "install-awscli: apt-get install ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  # Another install (test/setup/install-vscode.sh, or a second job) may hold the dpkg lock: wait for it instead of failing.
  lock_wait=(-o DPkg::Lock::Timeout=600)
  $sudo_cmd apt-get "${lock_wait[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get "${lock_wait[@]}" install -y -qq "${need[@]}" >/dev/null
fi

cli=aws
{ command -v aws >/dev/null 2>&1 && has_v2 aws; } || cli=/usr/bin/aws
if ! has_v2 "$cli"; then
  echo "install-awscli: no AWS CLI v2 after installing awscli ($("$cli" --version 2>&1 || true))." >&2
  exit 1
fi
echo "install-awscli: ready ($(command -v "$cli"): $("$cli" --version 2>&1))"
