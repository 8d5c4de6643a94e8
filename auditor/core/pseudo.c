/* Keyed pseudonyms for user names, e-mail addresses, topics and paths. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include "buf.h"
#include "err.h"
#include "hash.h"
#include "pseudo.h"

#define PSEUDO_HEX 8   /* hex digits of the HMAC kept in a pseudonym */

static int random_key(struct vc_pseudo *p)
{
	size_t got = 0;
	ssize_t n;

	while (got < sizeof(p->key)) {
		n = getrandom(p->key + got, sizeof(p->key) - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return vc_error_set(VC_ERROR, "cannot draw a random pseudonym key: %s",
					    strerror(errno));
		got += (size_t)n;
	}
	p->keylen = sizeof(p->key);
	return 0;
}

int vc_pseudo_init(struct vc_pseudo *p, const char *key, int reveal)
{
	int rc;

	memset(p, 0, sizeof(*p));
	p->reveal = reveal != 0;
	if (!key || !*key)
		key = getenv("VCAUDIT_PSEUDONYM_KEY");
	if (!key || !*key)
		return random_key(p);
	rc = vc_sha256(p->key, key, strlen(key));
	if (rc < 0)
		return rc;
	p->keylen = sizeof(p->key);
	p->stable = 1;
	return 0;
}

char *vc_pseudo_value(const struct vc_pseudo *p, const char *kind, const char *value)
{
	char hex[VC_SHA256_HEX];
	size_t klen, vlen;
	char *msg;

	if (!kind || !value)
		return NULL;
	if (p->reveal)
		return vc_strdup(value);
	klen = strlen(kind);
	vlen = strlen(value);
	if (vlen > (size_t)-1 - klen - 2)
		return NULL;
	msg = malloc(klen + vlen + 2);
	if (!msg)
		return NULL;
	memcpy(msg, kind, klen);
	msg[klen] = ':';
	memcpy(msg + klen + 1, value, vlen + 1);
	vc_hmac_sha256_hex(hex, p->key, p->keylen, msg, klen + 1 + vlen);
	free(msg);
	if (!hex[0])
		return NULL;
	return vc_asprintf("%s-%.*s", kind, PSEUDO_HEX, hex);
}

char *vc_pseudo_user_scope(const struct vc_pseudo *p, const char *account)
{
	char *name = vc_pseudo_value(p, "user", account);
	char *scope = name ? vc_asprintf("user:%s", name) : NULL;

	free(name);
	return scope;
}

/* s (len bytes) follows pat, where '0' stands for a digit. */
static int match(const char *s, size_t len, const char *pat)
{
	size_t i;

	if (len != strlen(pat))
		return 0;
	for (i = 0; i < len; i++) {
		if (pat[i] == '0' ? s[i] < '0' || s[i] > '9' : s[i] != pat[i])
			return 0;
	}
	return 1;
}

static int ends_with(const char *s, size_t len, const char *tail)
{
	size_t n = strlen(tail);

	return len >= n && !memcmp(s + len - n, tail, n);
}

/* A letter, ASCII or part of a UTF-8 sequence. */
static int name_start(char c)
{
	unsigned char u = (unsigned char)c;

	return (unsigned char)((u | 0x20) - 'a') < 26 || u >= 0x80;
}

/* head + pseudonym(kind, value) + tail, or NULL when out of memory. */
static char *replace(const struct vc_pseudo *p, const char *head, const char *kind,
		     const char *value, const char *tail)
{
	char *name = vc_pseudo_value(p, kind, value);
	char *s = name ? vc_asprintf("%s%s%s", head, name, tail) : NULL;

	free(name);
	return s;
}

#define MEETING_TIME "0000-00-00 00.00.00 "
#define JIBRI_TAIL "_0000-00-00-00-00-00.mp4"

/* "2026-09-15 14.30.12 Topic" -> "2026-09-15 14.30.12 topic-…" */
static int meeting_folder(char **out, const struct vc_pseudo *p, const char *c, size_t len)
{
	size_t t = strlen(MEETING_TIME);
	char head[sizeof(MEETING_TIME)];

	if (len <= t || !match(c, t, MEETING_TIME))
		return 0;
	memcpy(head, c, t);
	head[t] = 0;
	*out = replace(p, head, "topic", c + t, "");
	return 1;
}

/* "audioJohnSmith98796876.m4a" -> "audioname-…98796876.m4a" */
static int audio_file(char **out, const struct vc_pseudo *p, const char *c, size_t len)
{
	const char *ext = ends_with(c, len, ".m4a") ? ".m4a" : ".m4a.tmp";
	size_t end, digits;
	char *name;

	if (len < 5 || memcmp(c, "audio", 5) || !ends_with(c, len, ext))
		return 0;
	end = len - strlen(ext);
	for (digits = end; digits > 5 && c[digits - 1] >= '0' && c[digits - 1] <= '9'; digits--)
		;
	if (digits == end || digits == 5 || !name_start(c[5]))
		return 0;
	name = vc_strndup(c + 5, digits - 5);
	*out = name ? replace(p, "audio", "name", name, c + digits) : NULL;
	free(name);
	return 1;
}

/* "Room_2026-09-15-14-30-12.mp4" -> "topic-…_2026-09-15-14-30-12.mp4" */
static int jibri_file(char **out, const struct vc_pseudo *p, const char *c, size_t len)
{
	size_t t = strlen(JIBRI_TAIL);
	char *room;

	if (len <= t || !match(c + len - t, t, JIBRI_TAIL))
		return 0;
	room = vc_strndup(c, len - t);
	*out = room ? replace(p, "", "topic", room, c + len - t) : NULL;
	free(room);
	return 1;
}

/* "Weekly team 3.g2m" -> "topic-….g2m": GoTo names recordings after the meeting. */
static int goto_file(char **out, const struct vc_pseudo *p, const char *c, size_t len)
{
	static const char *const exts[] = { ".g2m", ".webm", NULL };
	size_t i, n;
	char *topic;

	for (i = 0; exts[i]; i++) {
		n = strlen(exts[i]);
		if (len > n && !strcasecmp(c + len - n, exts[i]))
			break;
	}
	if (!exts[i])
		return 0;
	topic = vc_strndup(c, len - n);
	*out = topic ? replace(p, "", "topic", topic, c + len - n) : NULL;
	free(topic);
	return 1;
}

static int is_shared_profile(const char *c)
{
	static const char *const shared[] = {
		"Shared", "Public", "Default", "Default User", "All Users", NULL
	};
	size_t i;

	for (i = 0; shared[i]; i++) {
		if (!strcmp(c, shared[i]))
			return 1;
	}
	return 0;
}

/*
 * The display form of one component c (NUL-terminated); `home` is "home"
 * or "Users" when c is an account name below it, else NULL.
 * *out is NULL when c stays as it is. 0 or VC_ENOMEM.
 */
static int rewrite(char **out, const struct vc_pseudo *p, const char *c, const char *home)
{
	size_t len = strlen(c);
	int hit;

	*out = NULL;
	if (home && strcmp(c, ".") && strcmp(c, "..") &&
	    !(!strcmp(home, "Users") && is_shared_profile(c))) {
		*out = vc_pseudo_value(p, "user", c);
		hit = 1;
	} else if (!(hit = meeting_folder(out, p, c, len))) {
		if (strchr(c, '@')) {
			*out = vc_pseudo_value(p, "email", c);
			hit = 1;
		} else {
			hit = audio_file(out, p, c, len) || jibri_file(out, p, c, len) ||
			      goto_file(out, p, c, len);
		}
	}
	return hit && !*out ? VC_ENOMEM : 0;
}

/* Leading components seen so far, to spot the account component. */
struct lead {
	size_t depth;       /* components seen, a leading drive "C:" not counted */
	char first[8];      /* the first two, when short */
	char second[8];
};

/* "home"/"Users" when the component at this depth names an account. */
static const char *account_parent(const struct lead *l)
{
	if (l->depth == 1 && (!strcmp(l->first, "home") || !strcmp(l->first, "Users")))
		return l->first;
	if (l->depth == 2 && !strcmp(l->first, "var") && !strcmp(l->second, "home"))
		return l->second;
	return NULL;
}

static void lead_add(struct lead *l, const char *c, size_t len)
{
	if (l->depth == 0 && len == 2 && c[1] == ':' && name_start(c[0]) &&
	    (unsigned char)c[0] < 0x80)
		return;   /* a Windows drive */
	if (l->depth < 2) {
		char *dst = l->depth ? l->second : l->first;

		if (len < sizeof(l->first))
			memcpy(dst, c, len + 1);
	}
	l->depth++;
}

static int put_component(struct vc_buf *out, struct lead *l, const struct vc_pseudo *p,
			 const char *s, size_t len)
{
	char *c = vc_strndup(s, len), *r = NULL;
	int rc = c ? rewrite(&r, p, c, account_parent(l)) : VC_ENOMEM;

	if (rc == 0)
		rc = vc_buf_puts(out, r ? r : c);
	if (c)
		lead_add(l, c, len);
	free(r);
	free(c);
	return rc;
}

char *vc_pseudo_path(const struct vc_pseudo *p, const char *path)
{
	struct vc_buf out = VC_BUF_INIT(0);
	struct lead l = { 0, "", "" };
	size_t len;
	int rc = 0;

	if (!path)
		return NULL;
	if (p->reveal)
		return vc_strdup(path);
	while (*path && rc == 0) {
		len = strcspn(path, "/\\");
		if (len)
			rc = put_component(&out, &l, p, path, len);
		path += len;
		if (*path && rc == 0)
			rc = vc_buf_putc(&out, *path++);
	}
	if (rc < 0) {
		vc_buf_free(&out);
		return NULL;
	}
	return vc_buf_detach(&out);
}
