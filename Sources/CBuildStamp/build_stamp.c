#include "build_stamp.h"

// Weak: an unstamped link resolves them to address 0 instead of failing.
extern const char odroid_build_package_version[] __attribute__((weak));
extern const char odroid_build_commit[] __attribute__((weak));

const char *odroid_build_stamp_version(void) { return odroid_build_package_version; }
const char *odroid_build_stamp_commit(void) { return odroid_build_commit; }
