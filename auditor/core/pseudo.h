#ifndef VC_PSEUDO_H
#define VC_PSEUDO_H
/*
 * Pseudonymisation of identities in everything vcaudit prints.
 *
 * A pseudonym is "<kind>-<first 8 hex of HMAC-SHA256(key, kind ":" value)>",
 * e.g. "user-3f9a1c2b". With the same key the same value gives the same
 * pseudonym in every run, so reports of one organisation can be compared.
 * The key comes from the org file or VCAUDIT_PSEUDONYM_KEY; without one a
 * random key is drawn for this run and `stable` is 0 (the report says so).
 * With reveal set (--reveal-identities) values are returned unchanged.
 */
#include <stddef.h>

struct vc_pseudo {
	unsigned char key[32];
	size_t keylen;
	int stable;   /* 1 when the key came from the org file or environment */
	int reveal;   /* 1 = --reveal-identities */
};

/* Initialise; `key` may be NULL (then env, then random). */
int vc_pseudo_init(struct vc_pseudo *p, const char *key, int reveal);

/* Pseudonym for one value; caller frees. kind: "user", "email", "topic", "name". */
char *vc_pseudo_value(const struct vc_pseudo *p, const char *kind, const char *value);

/*
 * Display form of a root-relative path: the account component after
 * "home/" or "Users/", any component holding '@', the topic part of a Zoom
 * meeting folder ("2026-09-15 14.30.12 Topic" keeps the time), participant
 * names in "audio<Name><digits>.m4a", and Jibri "<room>_<timestamp>.mp4"
 * names are replaced by pseudonyms. Caller frees.
 */
char *vc_pseudo_path(const struct vc_pseudo *p, const char *path);

#endif
