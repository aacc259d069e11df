# Sourced by run.sh and screenshots.sh: installs the pinned npm packages
# when needed, builds tailor and the example site at the repository root
# into "$work/site" (removed on exit), and leaves the shell in this folder
# with $repo and $tailor set.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$here"
[ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] \
  || npm ci --no-audit --no-fund --loglevel=error
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --quiet --manifest-path "$repo/Cargo.toml"
tailor="$repo/target/debug/tailor"
"$tailor" build --root "$repo" --out "$work/site"
