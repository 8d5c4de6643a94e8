#ifndef VC_HASH_H
#define VC_HASH_H
/*
 * SHA-256 and keyed hashes (OpenSSL libcrypto).
 * These cannot fail on valid input; should libcrypto fail anyway, the hex
 * output is the empty string (callers that derive names from it check).
 */
#include <stddef.h>

#define VC_SHA256_LEN 32   /* bytes of a digest */
#define VC_SHA256_HEX 65   /* 64 hex digits + NUL */

/* Raw digest; 0 or VC_ERROR (message set). */
int vc_sha256(unsigned char out[VC_SHA256_LEN], const void *data, size_t len);
void vc_sha256_hex(char out[VC_SHA256_HEX], const void *data, size_t len);
/* HMAC-SHA256(key, data) as lower-case hex. */
void vc_hmac_sha256_hex(char out[VC_SHA256_HEX], const void *key, size_t keylen,
			const void *data, size_t len);

#endif
