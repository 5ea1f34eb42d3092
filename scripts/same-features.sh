#!/usr/bin/env bash
# Fails when a dev-dependency switches on features of a crate the server also uses: `cargo test`
# would then compile that crate, everything above it and this crate again instead of reusing the
# release build (see the note above `hyper` in Cargo.toml). Prints the crates that differ.
set -euo pipefail
cd "$(dirname "$0")/.."
tree() { cargo tree --prefix none -f '{p}|{f}' --features ssr --no-default-features -e "$1" | sed 's/ (\*)$//; s/ (proc-macro)//' | sort -u; }
python3 - <(tree normal) <(tree normal,dev) <<'PY'
import sys
def read(path):
    out = {}
    for line in open(path):
        name, _, feats = line.rstrip('\n').partition('|')
        out.setdefault(name.split(' (')[0], set()).add(feats)
    return out
server, tests = read(sys.argv[1]), read(sys.argv[2])
drift = [f"  {k}: server [{' / '.join(sorted(server[k]))}], tests [{' / '.join(sorted(tests[k]))}]"
         for k in sorted(server.keys() & tests.keys()) if server[k] != tests[k]]
if drift:
    print("dev-dependencies change the features of crates the server uses:", *drift, sep="\n", file=sys.stderr)
    sys.exit(1)
print(f"server and test builds agree on the features of {len(server.keys() & tests.keys())} shared crates")
PY
