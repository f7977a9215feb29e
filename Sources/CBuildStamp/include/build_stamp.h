#ifndef ODROID_BUILD_STAMP_H
#define ODROID_BUILD_STAMP_H

/// The package version and the git commit a release binary was built from, or NULL. scripts/install.sh and
/// scripts/package-deb.sh link an object that defines them (made by scripts/build-release.sh); every other build
/// (swift build, swift run, the tests) leaves them undefined, so a checkout's binary never claims a commit.
const char *odroid_build_stamp_version(void);
const char *odroid_build_stamp_commit(void);

#endif
