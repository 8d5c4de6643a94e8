/* SHA-256 and HMAC-SHA256 through OpenSSL's one-shot interfaces. */
#include <limits.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "err.h"
#include "hash.h"

static const unsigned char empty[1];

static void to_hex(char out[VC_SHA256_HEX], const unsigned char md[VC_SHA256_LEN])
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < VC_SHA256_LEN; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[2 * VC_SHA256_LEN] = 0;
}

int vc_sha256(unsigned char out[VC_SHA256_LEN], const void *data, size_t len)
{
	unsigned int mdlen = 0;

	if (!EVP_Digest(data ? data : empty, data ? len : 0, out, &mdlen, EVP_sha256(), NULL) ||
	    mdlen != VC_SHA256_LEN)
		return vc_error_set(VC_ERROR, "sha-256 failed in libcrypto");
	return 0;
}

void vc_sha256_hex(char out[VC_SHA256_HEX], const void *data, size_t len)
{
	unsigned char md[VC_SHA256_LEN];

	if (vc_sha256(md, data, len) < 0)
		out[0] = 0;
	else
		to_hex(out, md);
}

void vc_hmac_sha256_hex(char out[VC_SHA256_HEX], const void *key, size_t keylen,
			const void *data, size_t len)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (keylen > (size_t)INT_MAX ||
	    !HMAC(EVP_sha256(), key ? key : empty, key ? (int)keylen : 0,
		  data ? data : empty, data ? len : 0, md, &mdlen) ||
	    mdlen != VC_SHA256_LEN) {
		vc_error_set(VC_ERROR, "hmac-sha256 failed in libcrypto");
		out[0] = 0;
		return;
	}
	to_hex(out, md);
}
