/* sha256.h — SHA-256 as lowercase hex, for the provenance attributes of
 * results files: of a byte buffer (the scenario text, held whole) and of a
 * file read in pieces (the binary itself). A thin wrapper over nettle. */
#ifndef DS_SHA256_H
#define DS_SHA256_H

#include <stddef.h>

/* out receives 64 lowercase hex digits and a terminating NUL. */
void sha256_hex(const void *data, size_t len, char out[65]);

/* The same of a file's contents, read in pieces. 0, or -1 (errno set) when it
 * cannot be opened or read; out is then "". */
int sha256_file_hex(const char *path, char out[65]);

#endif
