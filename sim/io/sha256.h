/* sha256.h — SHA-256 of a byte buffer as lowercase hex, for the scenario_sha256
 * provenance attribute of results files. A thin wrapper over nettle; no
 * streaming interface because scenario texts are small and held whole. */
#ifndef DS_SHA256_H
#define DS_SHA256_H

#include <stddef.h>

/* out receives 64 lowercase hex digits and a terminating NUL. */
void sha256_hex(const void *data, size_t len, char out[65]);

#endif
