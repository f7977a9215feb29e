// The system's libcrypto (OpenSSL 3; Debian: libssl-dev to build, libssl3 to run), for SHA-256 only. Only the
// SHA256Hashing module imports this.
#ifndef CLIBCRYPTO_SHIM_H
#define CLIBCRYPTO_SHIM_H

#include <openssl/evp.h>

#endif
