#ifndef VC_HASH_H
#define VC_HASH_H
/* SHA-256 and keyed hashes (OpenSSL libcrypto). */
#include <stddef.h>

#define VC_SHA256_HEX 65   /* 64 hex digits + NUL */

void vc_sha256_hex(char out[VC_SHA256_HEX], const void *data, size_t len);
/* HMAC-SHA256(key, data) as lower-case hex. */
void vc_hmac_sha256_hex(char out[VC_SHA256_HEX], const void *key, size_t keylen,
			const void *data, size_t len);

#endif
