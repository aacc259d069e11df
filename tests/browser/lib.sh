# Sourced by run.sh and screenshots.sh: installs the pinned npm packages
# when needed, builds tailor and the example site at the repository root
# into "$work/site" (removed on exit), and leaves the shell in this folder
# with $repo and $tailor set. The binary is found where cargo puts it,
# CARGO_TARGET_DIR included.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$here"
[ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] \
  || npm ci --no-audit --no-fund --loglevel=error
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --quiet --manifest-path "$repo/Cargo.toml"
target=$(cargo metadata --format-version 1 --no-deps --manifest-path "$repo/Cargo.toml" \
  | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).target_directory))')
tailor="$target/debug/tailor"
# Published partner kits are checked too: a build with the kit secret.
export TAILOR_KIT_SECRET=browser-checks-kit-secret-0123456789
"$tailor" build --root "$repo" --out "$work/site"

# example_with MODE OUT: the example site built with `tracking.persist: MODE`.
example_with() {
  local src="$work/src-$1"
  mkdir -p "$src"
  cp -r "$repo"/{tailor.yaml,affiliates.yaml,affiliates.csv,segments,content,themes} "$src/"
  sed -i "s/^  persist: .*/  persist: $1/" "$src/tailor.yaml"
  grep -q "^  persist: $1\$" "$src/tailor.yaml" || { echo "tailor.yaml has no tracking.persist line to change" >&2; exit 1; }
  "$tailor" build --root "$src" --out "$2" >/dev/null 2>&1 || "$tailor" build --root "$src" --out "$2"
}
