// libfdt (Debian libfdt-dev). Debian ships no pkg-config file, so this module map names the header and
// the library itself. Macros Swift cannot import are wrapped as static inline functions below.
#include <libfdt.h>

static inline uint32_t cfdt_magic(const void *fdt) { return fdt_magic(fdt); }
static inline uint32_t cfdt_totalsize(const void *fdt) { return fdt_totalsize(fdt); }
