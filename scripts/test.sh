#!/usr/bin/env bash
# The README's second command (and CI's): every test. Formatting, lints and the supply chain first;
# then the release build, Rust unit and integration tests on a private PostgreSQL cluster (among
# them the offline query data in .sqlx/ checked against the migrations), and end-to-end tests in Debian's Chromium with
# JavaScript on and off, in English, Kiswahili and French, with axe checking accessibility.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
bash scripts/setup.sh
source scripts/env.sh
# Each step says when it began (seconds into the run), so a slow run shows where the time went.
step() { printf '\033[1m==> [%4d s] %s\033[0m\n' "$(( $(date +%s) - started ))" "$*"; }

if ! command -v chromium >/dev/null 2>&1; then
  step "installing Debian's chromium for the browser tests"
  [ -n "$(ls /var/lib/apt/lists/ 2>/dev/null | grep -v lock | head -1)" ] || apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  step "installing the end-to-end test packages"
  npm ci --prefix end2end --no-audit --no-fund --loglevel=error
fi

step "formatting (rustfmt.toml)"
cargo fmt --check

# Clippy lints the server, the wasm and the tests as they are built below (scripts/env.sh).
if [ -z "${RUSTC_WORKSPACE_WRAPPER:-}" ]; then
  echo "clippy-driver not found: the builds below would not be linted" >&2
  exit 1
fi

step "supply chain: RustSec advisories"
if [ -d ../shared/advisory-db ]; then
  if ! cargo audit --version 2>/dev/null | grep -q '0.22.2'; then
    cargo install cargo-audit --version 0.22.2 --locked
  fi
  if cargo tree -i rsa --features ssr --no-default-features -e normal 2>/dev/null | grep -q '^rsa'; then
    echo "rsa is now compiled in: the RUSTSEC-2023-0071 ignore in .cargo/audit.toml no longer holds" >&2
    exit 1
  fi
  cargo audit --no-fetch --db ../shared/advisory-db --file Cargo.lock
else
  echo "no ../shared/advisory-db here: advisory check skipped"
fi

step "the tests' dependencies leave the server's features alone (so the tests reuse its build)"
bash scripts/same-features.sh

step "building (release), linted by clippy (warnings are errors)"
cargo leptos build --release

mkdir -p target/test-logs
step "building the Rust tests (release; only this crate's test targets are new), linted as they build"
cargo test --release --features ssr --no-default-features --no-run

step "Rust unit and integration tests (private PostgreSQL in target/test-pg)"
target/release/ruralrise with-db target/test-pg -- \
  cargo test --release --features ssr --no-default-features 2>&1 | tee target/test-logs/rust.log

step "end-to-end tests in Chromium (fresh demo data in target/e2e-data)"
rm -rf target/e2e-data
(cd end2end && npx playwright test)

rust_passed=$(grep -oE 'test result: ok\. [0-9]+ passed' target/test-logs/rust.log | awk '{s += $4} END {print s + 0}')
e2e_passed=$(node -p "require('./end2end/test-results/results.json').stats.expected")
echo "rust tests: $rust_passed passed; browser tests: $e2e_passed passed; $(( $(date +%s) - started )) s in all"
echo "total: $((rust_passed + e2e_passed)) passed, 0 failed"
