#!/bin/sh
# Builds the Debian package: scripts/package-deb.sh OUTDIR -> OUTDIR/odroid-build_<version>_<arch>.deb
#
# The release binary (scripts/build-release.sh: -c release, Swift standard library linked statically, stamped with
# this version and commit), its data in /usr/share/odroid-build, odroid-build(1), bash/zsh/fish completions, a
# changelog and a copyright file; Depends from dpkg-shlibdeps plus the programs every build uses, Recommends for the
# features that need more (boot proofs, cards, distcc). Checked with lintian when it is installed (errors fail).
# The architecture is the build machine's (dpkg --print-architecture): run it on an arm64 host for an arm64 package.
#
# Environment: ODROID_RELEASE_DIR (a finished scripts/build-release.sh output to package), ODROID_RELEASE_SCRATCH
# (its build directory), DEBFULLNAME / DEBEMAIL (the Maintainer field).
set -eu
[ $# -eq 1 ] || { echo "usage: scripts/package-deb.sh OUTDIR" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
release=${ODROID_RELEASE_DIR:-}
if [ -z "$release" ]; then
    release=${ODROID_RELEASE_SCRATCH:-$root/.build/release-static}/dist
    sh "$root/scripts/build-release.sh" "$release"
fi
version=$(cat "$release/version")
arch=$(dpkg --print-architecture)
maintainer="${DEBFULLNAME:-odroid-build developers} <${DEBEMAIL:-odroid-build@users.noreply.github.com}>"

work=$(mktemp -d "${TMPDIR:-/tmp}/odroid-build-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
stage=$work/stage
umask 022
DESTDIR=$stage ODROID_RELEASE_DIR=$release ZSH_COMPLETION_DIR=/usr/share/zsh/vendor-completions \
    sh "$root/scripts/install.sh" /usr > "$work/files"

doc=$stage/usr/share/doc/odroid-build
mkdir -p "$doc"
# The changelog: this version, with the commits since the last release tag (or the last 30).
{
    printf 'odroid-build (%s) unstable; urgency=medium\n\n' "$version"
    if git -C "$root" rev-parse --verify -q HEAD >/dev/null 2>&1; then
        since=$(git -C "$root" describe --tags --abbrev=0 --match 'v[0-9]*' HEAD 2>/dev/null || true)
        if [ -n "$since" ]; then range="$since..HEAD"; else range="-30 HEAD"; fi
        # shellcheck disable=SC2086
        git -C "$root" log --no-merges --format='%s' $range | cut -c1-74 | sed 's/^/  * /'
        date=$(git -C "$root" show -s --format=%cD HEAD)
    else
        echo "  * Built from a tree without git history."
        date=$(date -R)
    fi
    printf '\n -- %s  %s\n' "$maintainer" "$date"
} > "$work/changelog"
gzip -9n -c "$work/changelog" > "$doc/changelog.gz"
cp "$root/packaging/copyright" "$doc/copyright"
chmod 0644 "$doc/changelog.gz" "$doc/copyright"

# Depends: the shared libraries (dpkg-shlibdeps reads the binary) and the programs of the main job.
mkdir -p "$work/src/debian"
printf 'Source: odroid-build\n\nPackage: odroid-build\nArchitecture: any\n' > "$work/src/debian/control"
shlibs=$(cd "$work/src" && dpkg-shlibdeps -O -e"$stage/usr/bin/odroid-build" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || { echo "package-deb: dpkg-shlibdeps found no libraries for the binary" >&2; exit 1; }
depends="$shlibs, $(sed -n 's/^Depends: //p' "$root/packaging/relations")"
recommends=$(sed -n 's/^Recommends: //p' "$root/packaging/relations")
suggests=$(sed -n 's/^Suggests: //p' "$root/packaging/relations")

mkdir -p "$stage/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
{
    echo "Package: odroid-build"
    echo "Version: $version"
    echo "Architecture: $arch"
    echo "Maintainer: $maintainer"
    echo "Installed-Size: $size"
    echo "Depends: $depends"
    echo "Recommends: $recommends"
    echo "Suggests: $suggests"
    echo "Section: devel"
    echo "Priority: optional"
    cat "$root/packaging/description"
} > "$stage/DEBIAN/control"
(cd "$stage" && find usr -type f | LC_ALL=C sort | xargs md5sum) > "$stage/DEBIAN/md5sums"
chmod 0644 "$stage/DEBIAN/control" "$stage/DEBIAN/md5sums"

# Every file dated by the commit, not by this build (SOURCE_DATE_EPOCH also dates dpkg-deb's own members).
if epoch=$(git -C "$root" show -s --format=%ct HEAD 2>/dev/null); then
    export SOURCE_DATE_EPOCH=$epoch
    find "$stage" -exec touch -h -d "@$epoch" {} +
fi
deb=$out/odroid-build_${version}_$arch.deb
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb.tmp" >/dev/null
mv "$deb.tmp" "$deb"
if command -v lintian >/dev/null 2>&1; then
    # Errors fail the package; warnings and notes are printed.
    lintian --fail-on error "$deb" || {
        echo "package-deb: lintian found errors in $deb" >&2; exit 1; }
else
    echo "package-deb: lintian is not installed; not checked" >&2
fi
echo "package-deb: $deb"
