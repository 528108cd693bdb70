/* sha256.c — SHA-256 hex digest through nettle (link -lnettle). Known-answer
 * vectors from FIPS 180-2 are checked in tests/test_results.c. */
#include "sha256.h"

#include <nettle/sha2.h>

void sha256_hex(const void *data, size_t len, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    struct sha256_ctx ctx;
    unsigned char digest[SHA256_DIGEST_SIZE];

    sha256_init(&ctx);
    /* nettle takes size_t lengths, so texts of any size go in one update; an
     * empty input may come with data == NULL, which must not reach memcpy */
    if (len > 0) sha256_update(&ctx, len, (const uint8_t *)data);
    sha256_digest(&ctx, sizeof digest, digest);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 0x0f];
    }
    out[2 * SHA256_DIGEST_SIZE] = '\0';
}
