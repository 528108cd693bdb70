/* sha256.c — SHA-256 hex digest through nettle (link -lnettle). Known-answer
 * vectors from FIPS 180-2 are checked in tests/test_results.c. */
#include "sha256.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>

static void digest_hex(struct sha256_ctx *ctx, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char digest[SHA256_DIGEST_SIZE];
    sha256_digest(ctx, sizeof digest, digest);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 0x0f];
    }
    out[2 * SHA256_DIGEST_SIZE] = '\0';
}

void sha256_hex(const void *data, size_t len, char out[65])
{
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    /* nettle takes size_t lengths, so texts of any size go in one update; an
     * empty input may come with data == NULL, which must not reach memcpy */
    if (len > 0) sha256_update(&ctx, len, (const uint8_t *)data);
    digest_hex(&ctx, out);
}

int sha256_file_hex(const char *path, char out[65])
{
    out[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) sha256_update(&ctx, n, buf);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        errno = EIO;
        return -1;
    }
    digest_hex(&ctx, out);
    return 0;
}
