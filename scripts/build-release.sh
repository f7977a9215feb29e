#!/bin/sh
# Builds the release binary the packages ship: `swift build -c release` with the Swift standard library linked
# statically (the target needs no Swift runtime), stamped at link time with the package version and the git commit
# (`odroid-build --version` prints both), stripped; plus the man page (swift-argument-parser's generate-manual,
# run on that binary) and the bash, zsh and fish completions. Used by scripts/install.sh and scripts/package-deb.sh.
#
#   scripts/build-release.sh OUTDIR     writes OUTDIR/odroid-build, OUTDIR/odroid-build.1, OUTDIR/completions/,
#                                       OUTDIR/version (the package version, one line)
#
# The build directory is $ODROID_RELEASE_SCRATCH (default .build/release-static in the checkout); keep it between
# runs and only what changed is compiled again.
set -eu
[ $# -eq 1 ] || { echo "usage: scripts/build-release.sh OUTDIR" >&2; exit 2; }
out=$1
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=${ODROID_RELEASE_SCRATCH:-$root/.build/release-static}
mkdir -p "$out" "$scratch"
out=$(cd "$out" && pwd)

# The version: the source's (OdroidCore.version), plus the commit for anything that is not the release tag.
base=$(sed -n 's/^ *public static let version = "\([0-9][0-9A-Za-z.+~]*\)"$/\1/p' "$root/Sources/OdroidCore/OdroidCore.swift")
[ -n "$base" ] || { echo "build-release: no version found in Sources/OdroidCore/OdroidCore.swift" >&2; exit 1; }
if git -C "$root" rev-parse --verify -q HEAD >/dev/null 2>&1; then
    commit=$(git -C "$root" rev-parse HEAD)
    short=$(git -C "$root" rev-parse --short=12 HEAD)
    if [ -n "$(git -C "$root" status --porcelain --untracked-files=no)" ]; then
        commit="$commit, with uncommitted changes"
        short="$short.modified"
    fi
    if git -C "$root" describe --exact-match --tags --match "v$base" HEAD >/dev/null 2>&1 && [ "${commit%, *}" = "$commit" ]; then
        version=$base
    else
        # A snapshot sorts before the release it leads to (~) and after older snapshots (the commit time, UTC).
        when=$(TZ=UTC0 git -C "$root" show -s --format=%cd --date=format-local:%Y%m%d.%H%M%S HEAD)
        version="$base~git$when.$short"
    fi
else
    commit="none (built from a tree without git)"
    version="$base~nogit"
fi

# The stamp: one object defining the two symbols CBuildStamp declares weak; only the link step sees it, so
# changing it re-links the binary and recompiles nothing.
stamp="$scratch/build-stamp"
mkdir -p "$stamp"
# Values reach C string literals: refuse anything a literal would need escaping for (never happens for git output).
case "$version$commit" in *[!A-Za-z0-9.+~:,\ \(\)-]*) echo "build-release: unexpected characters in the version or commit" >&2; exit 1 ;; esac
cat > "$stamp/stamp.c.tmp" <<STAMP
const char odroid_build_package_version[] = "$version";
const char odroid_build_commit[] = "$commit";
STAMP
if ! cmp -s "$stamp/stamp.c.tmp" "$stamp/stamp.c" 2>/dev/null; then
    mv "$stamp/stamp.c.tmp" "$stamp/stamp.c"
    cc -c -fPIC -O2 -o "$stamp/stamp.o" "$stamp/stamp.c"
else
    rm -f "$stamp/stamp.c.tmp"
fi

cd "$root"
# Both products with the same flags: other flags for one of them would recompile the modules they share.
# Relocations read-only and bound at start (lintian's hardening-no-bindnow): link flags, nothing recompiles.
set -- -c release --static-swift-stdlib --scratch-path "$scratch" -Xlinker "$stamp/stamp.o" \
    -Xlinker -z -Xlinker relro -Xlinker -z -Xlinker now
swift build "$@" --product odroid-build
swift build "$@" --product generate-manual
bin=$(swift build "$@" --show-bin-path)

rm -rf "$out/completions" "$out/manual"
cp "$bin/odroid-build" "$out/odroid-build.tmp"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$out/odroid-build.tmp"
mv "$out/odroid-build.tmp" "$out/odroid-build"
# The stamp must have landed: a binary that says "not recorded" here was linked without it.
"$out/odroid-build" --version | grep -qxF "$version (commit $commit)" || {
    echo "build-release: the binary does not carry the stamp: $("$out/odroid-build" --version)" >&2; exit 1; }
if ldd "$out/odroid-build" | grep -q swift; then
    echo "build-release: the binary still needs the Swift runtime:" >&2; ldd "$out/odroid-build" >&2; exit 1
fi

mkdir -p "$out/manual" "$out/completions"
"$bin/generate-manual" "$out/odroid-build" --output-directory "$out/manual" --date "$(TZ=UTC0 git -C "$root" show -s --format=%cd --date=format-local:%Y-%m-%d HEAD 2>/dev/null || date -u +%Y-%m-%d)"
mv "$out/manual/odroid-build.1" "$out/odroid-build.1"
rm -rf "$out/manual"
# Completion files are sourced, not run: no #! line (argument-parser writes one for bash).
"$out/odroid-build" --generate-completion-script bash | sed '1{/^#!/d}' > "$out/completions/odroid-build.bash"
"$out/odroid-build" --generate-completion-script zsh > "$out/completions/_odroid-build"
"$out/odroid-build" --generate-completion-script fish > "$out/completions/odroid-build.fish"
# The boot-trace plugin, built against the plugin header of the qemu-system-arm installed here (install-deps.sh
# fetched it); shipped in PREFIX/lib/odroid-build, used when the user has not built their own.
sh "$root/scripts/build-trace-plugin.sh" "$out/odroid-trace.so" >/dev/null
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$out/odroid-trace.so"
printf '%s\n' "$version" > "$out/version"
echo "build-release: $out/odroid-build $version"
