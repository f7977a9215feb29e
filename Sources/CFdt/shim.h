// libfdt (Debian libfdt-dev). Debian ships no pkg-config file, so this module map names the header and
// the library itself. Macros Swift cannot import are wrapped as static inline functions below; only the
// DeviceTree module imports this.
#ifndef CFDT_SHIM_H
#define CFDT_SHIM_H

#include <libfdt.h>

// Header fields (fdt_get_header macros).
static inline uint32_t cfdt_magic(const void *fdt) { return fdt_magic(fdt); }
static inline uint32_t cfdt_totalsize(const void *fdt) { return fdt_totalsize(fdt); }
static inline uint32_t cfdt_version(const void *fdt) { return fdt_version(fdt); }
static inline uint32_t cfdt_last_comp_version(const void *fdt) { return fdt_last_comp_version(fdt); }
static inline uint32_t cfdt_boot_cpuid_phys(const void *fdt) { return fdt_boot_cpuid_phys(fdt); }
static inline uint32_t cfdt_size_dt_struct(const void *fdt) { return fdt_size_dt_struct(fdt); }
static inline uint32_t cfdt_size_dt_strings(const void *fdt) { return fdt_size_dt_strings(fdt); }

// The smallest header libfdt reads (version 1 layout) and the current one, in bytes.
static inline size_t cfdt_v1_size(void) { return FDT_V1_SIZE; }
static inline size_t cfdt_header_size(void) { return sizeof(struct fdt_header); }
static inline uint32_t cfdt_expected_magic(void) { return FDT_MAGIC; }

// Property writers that are macros in libfdt.h.
static inline int cfdt_setprop_string(void *fdt, int nodeoffset, const char *name, const char *value) {
    return fdt_setprop_string(fdt, nodeoffset, name, value);
}

// Error numbers libfdt returns negated.
static inline int cfdt_err_notfound(void) { return FDT_ERR_NOTFOUND; }
static inline int cfdt_err_nospace(void) { return FDT_ERR_NOSPACE; }

#endif
