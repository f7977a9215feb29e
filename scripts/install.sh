#!/bin/sh
# Installs odroid-build under PREFIX for any Linux distribution: the release binary (Swift standard library linked
# statically), its data (profiles, templates, the tool table) in PREFIX/share/odroid-build, the man page, the
# bash, zsh and fish completions, and the boot-trace QEMU plugin in PREFIX/lib/odroid-build.
#
#   scripts/install.sh PREFIX            e.g. /usr/local, or $HOME/.local (then put $HOME/.local/bin on PATH)
#
# Environment: DESTDIR stages the files under $DESTDIR$PREFIX (packaging); ODROID_RELEASE_DIR names an output of
# scripts/build-release.sh to install instead of building one; ZSH_COMPLETION_DIR overrides
# PREFIX/share/zsh/site-functions. Prints every path it installed.
set -eu
[ $# -eq 1 ] || { echo "usage: scripts/install.sh PREFIX" >&2; exit 2; }
case "$1" in
    /*) prefix=${1%/} ;;
    *) echo "install: PREFIX must be an absolute path, got '$1'" >&2; exit 2 ;;
esac
[ -n "$prefix" ] || prefix=/usr   # "/" alone would put the binary in /bin
root=$(cd "$(dirname "$0")/.." && pwd)
release=${ODROID_RELEASE_DIR:-}
if [ -z "$release" ]; then
    release=${ODROID_RELEASE_SCRATCH:-$root/.build/release-static}/dist
    sh "$root/scripts/build-release.sh" "$release"
fi
for f in odroid-build odroid-build.1 completions/odroid-build.bash completions/_odroid-build completions/odroid-build.fish odroid-trace.so; do
    [ -s "$release/$f" ] || { echo "install: $release/$f is missing: run scripts/build-release.sh $release" >&2; exit 1; }
done
dest=${DESTDIR:-}
zsh_dir=${ZSH_COMPLETION_DIR:-$prefix/share/zsh/site-functions}
data=$prefix/share/odroid-build

# install -D creates the directories; -m sets modes independent of the caller's umask.
put() { # mode source target
    install -D -m "$1" "$2" "$dest$3"
    echo "$3"
}
put 0755 "$release/odroid-build" "$prefix/bin/odroid-build"
for dir in profiles templates data; do
    (cd "$root" && find "$dir" -type f | LC_ALL=C sort) | while IFS= read -r f; do
        put 0644 "$root/$f" "$data/$f"
    done
done
gzip -9n -c "$release/odroid-build.1" > "$release/odroid-build.1.gz"
put 0644 "$release/odroid-build.1.gz" "$prefix/share/man/man1/odroid-build.1.gz"
put 0644 "$release/completions/odroid-build.bash" "$prefix/share/bash-completion/completions/odroid-build"
put 0644 "$release/completions/_odroid-build" "$zsh_dir/_odroid-build"
put 0644 "$release/completions/odroid-build.fish" "$prefix/share/fish/vendor_completions.d/odroid-build.fish"
put 0644 "$release/odroid-trace.so" "$prefix/lib/odroid-build/odroid-trace.so"
