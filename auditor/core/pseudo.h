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
 * A key string is hashed with SHA-256 into the 32-byte HMAC key.
 * With reveal set (--reveal-identities) values are returned unchanged.
 *
 * Scopes and paths use one mapping: a user scope is
 * "user:" + vc_pseudo_value(p, "user", account) (vc_pseudo_user_scope()),
 * and vc_pseudo_path() replaces the account in "/home/<account>" with the
 * same vc_pseudo_value(p, "user", account), so the scope "user:user-3f9a1c2b"
 * and the path "/home/user-3f9a1c2b/..." name the same person. With reveal
 * they read "user:alice" and "/home/alice/...".
 */
#include <stddef.h>

struct vc_pseudo {
	unsigned char key[32];
	size_t keylen;
	int stable;   /* 1 when the key came from the org file or environment */
	int reveal;   /* 1 = --reveal-identities */
};

/*
 * Initialise; `key` may be NULL or "" (then VCAUDIT_PSEUDONYM_KEY, then 32
 * random bytes from getrandom()). 0 or VC_ERROR when no random key could
 * be drawn.
 */
int vc_pseudo_init(struct vc_pseudo *p, const char *key, int reveal);

/*
 * Pseudonym for one value; caller frees. kind: "user", "email", "topic", "name".
 * NULL when value is NULL or out of memory.
 */
char *vc_pseudo_value(const struct vc_pseudo *p, const char *kind, const char *value);

/* "user:" + vc_pseudo_value(p, "user", account); caller frees. */
char *vc_pseudo_user_scope(const struct vc_pseudo *p, const char *account);

/*
 * Display form of a root-relative path; caller frees (NULL only when out of
 * memory). Components are split on '/' and '\' (Windows paths from
 * configuration files); a leading drive ("C:") is skipped. Replaced are:
 *  - the account after a leading "home" or "Users" (also "/var/home/X"),
 *    as "user-…", except "Shared", "Public", "Default", "Default User" and
 *    "All Users" under "Users";
 *  - a Zoom meeting folder "2026-09-15 14.30.12 Topic": the time stays,
 *    the topic becomes "topic-…";
 *  - any other component holding '@', as "email-…";
 *  - the participant in "audio<Name><digits>.m4a" (also ".m4a.tmp"):
 *    "audio" + "name-…" + digits, where Name starts with a letter;
 *  - the room in a Jibri "<room>_YYYY-MM-DD-HH-MM-SS.mp4" as "topic-…";
 *  - a GoTo recording "<topic>.g2m" / "<topic>.webm" (any case) as
 *    "topic-…" with the extension kept.
 * Everything else is kept as it is.
 */
char *vc_pseudo_path(const struct vc_pseudo *p, const char *path);

#endif
