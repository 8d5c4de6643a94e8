/* The evidence bundle: redactor, manifest, writer (libarchive). See bundle.h. */
#include <archive.h>
#include <archive_entry.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle.h"
#include "../core/hash.h"

/* ---- redactor ---------------------------------------------------------- */

/* Source kinds whose files are line-oriented key/value text (docs/bundle.md). */
static const char *const redact_kinds[] = {
	"zoom-client-config", "dropbox-info", "bbb-web-properties", "bbb-html5-settings",
	"bbb-recording-settings", "jitsi-docker-env", "jitsi-prosody", "teams-export",
	"zoom-api", NULL
};

int vc_redact_kind_supported(const char *kind)
{
	size_t i;

	for (i = 0; kind && redact_kinds[i]; i++)
		if (!strcmp(kind, redact_kinds[i]))
			return 1;
	return 0;
}

enum key_class { KEY_PLAIN, KEY_SECRET, KEY_IDENTITY };

static enum key_class classify(const char *key, size_t n)
{
	static const char *const secret[] = {
		"salt", "secret", "pass", "token", "key", "credential", "private", "jwt", "pwd",
		"bindpw", NULL
	};
	static const char *const ident[] = {
		"email", "e-mail", "e_mail", "username", "user_name", "user-name", "userid",
		"user_id", "deviceid", "device_id", "displayname", "display_name",
		"fullname", "full_name", "firstname", "first_name", "lastname", "last_name",
		"given_name", "surname", "topic", NULL
	};
	char low[256], *kb;
	size_t i;

	if (n >= sizeof(low))
		n = sizeof(low) - 1;
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)key[i]);
	low[n] = 0;
	/* "keyboardLayout" is not a key */
	while ((kb = strstr(low, "keyboard")) != NULL)
		memset(kb, '_', 8);
	for (i = 0; secret[i]; i++)
		if (strstr(low, secret[i]))
			return KEY_SECRET;
	/* LDAP_BINDPW, SMTP_PW, ldap.pw: "pw" as the last word of the key */
	if (n >= 2 && !strcmp(low + n - 2, "pw") &&
	    (n == 2 || !isalpha((unsigned char)low[n - 3])))
		return KEY_SECRET;
	for (i = 0; ident[i]; i++)
		if (strstr(low, ident[i]))
			return KEY_IDENTITY;
	kb = strrchr(low, '.');
	kb = kb ? kb + 1 : low;
	if (!strcmp(kb, "user") || !strcmp(kb, "owner") || !strcmp(kb, "account") ||
	    !strcmp(kb, "login") || !strcmp(kb, "phone"))
		return KEY_IDENTITY;
	return KEY_PLAIN;
}

static int email_local(int c)
{
	return isalnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

static int email_domain(int c)
{
	return isalnum(c) || c == '.' || c == '-';
}

/* Append s[0..n), with every e-mail address replaced by its pseudonym. */
static int emit_mail(struct vc_buf *out, const char *s, size_t n, const struct vc_pseudo *p)
{
	size_t i = 0, done = 0;
	int rc = 0;

	while (i < n && rc == 0) {
		size_t a, b;
		int dot = 0;

		if (s[i] != '@') {
			i++;
			continue;
		}
		for (a = i; a > done && email_local((unsigned char)s[a - 1]); a--)
			;
		for (b = i + 1; b < n && email_domain((unsigned char)s[b]); b++)
			dot |= s[b] == '.';
		if (a < i && b > i + 1 && dot) {
			char *addr = strndup(s + a, b - a), *ps;

			if (!addr)
				return VC_ENOMEM;
			ps = vc_pseudo_value(p, "email", addr);
			free(addr);
			if (!ps)
				return VC_ENOMEM;
			rc = vc_buf_put(out, s + done, a - done);
			if (rc == 0)
				rc = vc_buf_puts(out, ps);
			free(ps);
			done = i = b;
		} else {
			i++;
		}
	}
	if (rc == 0 && n > done)
		rc = vc_buf_put(out, s + done, n - done);
	return rc;
}

/* Where a home-directory path starts in s[0..n) at or after `from`, or n. */
static size_t home_path_at(const char *s, size_t n, size_t from)
{
	static const char *const homes[] = { "/home/", "/Users/", "\\Users\\", "\\home\\",
					     NULL };
	size_t i, k;

	for (i = from; i < n; i++)
		for (k = 0; homes[k]; k++)
			if (n - i >= strlen(homes[k]) && !memcmp(s + i, homes[k], strlen(homes[k])))
				return i;
	return n;
}

/*
 * Append s[0..n) with account names in home-directory paths and e-mail
 * addresses replaced by pseudonyms (as the reports show them).
 */
static int emit(struct vc_buf *out, const char *s, size_t n, const struct vc_pseudo *p)
{
	size_t done = 0, at;
	int rc = 0;

	while (rc == 0 && (at = home_path_at(s, n, done)) < n) {
		size_t a = at, e = at;
		char *path, *ps;

		/* the whole token: back to a delimiter (a drive "C:" included) */
		while (a > done && !strchr(" \t\"'=,;:({[<", s[a - 1]))
			a--;
		if (a >= 2 && a - 2 >= done && s[a - 1] == ':' && isalpha((unsigned char)s[a - 2]))
			a -= 2;
		while (e < n && !strchr(" \t\"',;)}]>", s[e]))
			e++;
		if ((rc = emit_mail(out, s + done, a - done, p)) < 0)
			return rc;
		if (!(path = strndup(s + a, e - a)))
			return VC_ENOMEM;
		ps = vc_pseudo_path(p, path);
		free(path);
		if (!ps)
			return VC_ENOMEM;
		rc = vc_buf_puts(out, ps);
		free(ps);
		done = e;
	}
	if (rc == 0 && n > done)
		rc = emit_mail(out, s + done, n - done, p);
	return rc;
}

struct redact_state {
	int cont;          /* dropping a properties value continued with '\' */
	int block;         /* dropping a YAML block scalar more indented than indent */
	size_t indent;
	int depth;         /* dropping a JSON object/array value until depth 0 */
	int pem;           /* inside a PEM private key */
};

/*
 * Follow brackets over s[0..n), outside strings, from *depth open ones, updating
 * *depth. With `stop`: the index just after the bracket that closes them all
 * (*depth is then 0); else, or when none does, n.
 */
static size_t brackets(const char *s, size_t n, int *depth, int stop)
{
	int q = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (q) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == q)
				q = 0;
		} else if (s[i] == '"' || s[i] == '\'') {
			q = s[i];
		} else if (s[i] == '{' || s[i] == '[') {
			(*depth)++;
		} else if ((s[i] == '}' || s[i] == ']') && --(*depth) <= 0 && stop) {
			*depth = 0;
			return i + 1;
		}
	}
	return n;
}

/* From *depth open brackets: the index just after the one that closes them all, or n. */
static size_t close_at(const char *s, size_t n, int *depth)
{
	return brackets(s, n, depth, 1);
}

/* Bracket depth change over s[0..n), outside strings. */
static int bracket_delta(const char *s, size_t n)
{
	int d = 0;

	brackets(s, n, &d, 0);
	return d;
}

static int flag(const char *s, size_t n)
{
	return (n == 4 && (!memcmp(s, "true", 4) || !memcmp(s, "null", 4))) ||
	       (n == 5 && !memcmp(s, "false", 5));
}

static int literal(const char *s, size_t n)
{
	size_t i;

	if (flag(s, n))
		return 1;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]) && s[i] != '-' && s[i] != '.')
			return 0;
	return n > 0;
}

/*
 * Replace one value s[0..n) (after the separator and blanks): quotes and a
 * trailing ',' or ';' are kept, the content becomes <set>/<empty> or a pseudonym.
 */
static int emit_value(struct vc_buf *out, const char *s, size_t n, enum key_class kc,
		      int json, const struct vc_pseudo *p)
{
	size_t b = 0, e = n;
	char q = 0, *ps = NULL;
	int rc;

	while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == ',' ||
			 s[e - 1] == ';'))
		e--;
	if (e > b && (s[b] == '"' || s[b] == '\'')) {
		q = s[b++];
		if (e > b && s[e - 1] == q)
			e--;
	}
	/* an identity key holding a flag or a number says nothing about anyone */
	if (kc == KEY_IDENTITY && !q && literal(s + b, e - b))
		return vc_buf_put(out, s, n);
	/* "requirePassword: true" is a setting, not a secret (a number may be a PIN) */
	if (kc == KEY_SECRET && !q && flag(s + b, e - b))
		return vc_buf_put(out, s, n);
	if (json && !q)
		q = '"';   /* "<set>" stays a JSON string */
	if (q && (rc = vc_buf_putc(out, q)) < 0)
		return rc;
	if (kc == KEY_SECRET) {
		rc = vc_buf_puts(out, e > b ? "<set>" : "<empty>");
	} else if (e == b) {
		rc = 0;
	} else {
		char *v = strndup(s + b, e - b);

		ps = v ? vc_pseudo_value(p, strstr(v, "@") ? "email" : "user", v) : NULL;
		free(v);
		if (!ps)
			return VC_ENOMEM;
		rc = vc_buf_puts(out, ps);
		free(ps);
	}
	if (rc == 0 && q)
		rc = vc_buf_putc(out, q);
	/* the trailer after the closing quote (or the unquoted value) */
	if (rc == 0) {
		size_t t = e + (q && e < n && s[e] == q ? 1 : 0);

		while (t < n && s[t] != ',' && s[t] != ';')
			t++;
		if (t < n)
			rc = vc_buf_put(out, s + t, n - t);
	}
	return rc;
}

/* A line holding "key": value pairs (JSON, YAML with quoted keys): each handled. */
static int json_line(struct vc_buf *out, const char *s, size_t n, struct redact_state *st,
		     const struct vc_pseudo *p)
{
	size_t i = 0, done = 0;
	int rc = 0;

	while (i < n && rc == 0) {
		char q = s[i];
		size_t ks, ke, j, vs, ve;
		enum key_class kc;

		if (q != '"' && q != '\'') {
			i++;
			continue;
		}
		ks = i + 1;
		for (ke = ks; ke < n && s[ke] != q; ke++)
			if (s[ke] == '\\')
				ke++;
		if (ke >= n)
			break;
		for (j = ke + 1; j < n && (s[j] == ' ' || s[j] == '\t'); j++)
			;
		if (j >= n || s[j] != ':') {
			i = ke + 1;
			continue;
		}
		kc = classify(s + ks, ke - ks);
		for (vs = j + 1; vs < n && (s[vs] == ' ' || s[vs] == '\t'); vs++)
			;
		/* an identity object: its members are judged one by one */
		if (kc == KEY_PLAIN || vs >= n ||
		    (kc == KEY_IDENTITY && (s[vs] == '{' || s[vs] == '['))) {
			i = vs;
			continue;
		}
		if ((rc = emit(out, s + done, vs - done, p)) < 0)
			return rc;
		if (s[vs] == '{' || s[vs] == '[') {
			/* a secret object or array: all of it goes */
			int d = 0;

			ve = close_at(s + vs, n - vs, &d) + vs;
			if ((rc = vc_buf_puts(out, "\"<set>\"")) < 0)
				return rc;
			if (d > 0) {
				st->depth = d;
				return 0;
			}
			done = i = ve;
			continue;
		}
		if (s[vs] == '"' || s[vs] == '\'') {
			for (ve = vs + 1; ve < n && s[ve] != s[vs]; ve++)
				if (s[ve] == '\\')
					ve++;
			ve = ve < n ? ve + 1 : n;
		} else {
			for (ve = vs; ve < n && !strchr(",}] \t", s[ve]); ve++)
				;
		}
		rc = emit_value(out, s + vs, ve - vs, kc, 1, p);
		done = i = ve;
	}
	if (rc == 0 && n > done)
		rc = emit(out, s + done, n - done, p);
	return rc;
}

static int is_keych(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '-' || c == '[' || c == ']' ||
	       c == '/' || c == '$';
}

static int redact_line(struct vc_buf *out, const char *s, size_t n, struct redact_state *st,
		       const struct vc_pseudo *p)
{
	size_t i = 0, ks, ke, vs, indent;
	enum key_class kc;
	int rc;

	if (st->pem) {
		if (memmem(s, n, "-----END", 8))
			st->pem = 0;
		return 1;   /* dropped */
	}
	if (memmem(s, n, "PRIVATE KEY-----", 16)) {
		if (memmem(s, n, "-----BEGIN", 10) && !memmem(s, n, "-----END", 8))
			st->pem = 1;
		return vc_buf_puts(out, "<private key removed>");
	}
	if (st->cont) {
		st->cont = n > 0 && s[n - 1] == '\\';
		return 1;
	}
	if (st->depth > 0) {
		/* what follows the closing bracket (",") stays */
		size_t after = close_at(s, n, &st->depth);

		if (st->depth > 0)
			return 1;
		return json_line(out, s + after, n - after, st, p);
	}
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	indent = i;
	if (st->block) {
		if (i == n || indent > st->indent)
			return 1;
		st->block = 0;
	}
	/* commented-out settings are settings too */
	while (i < n && (s[i] == '#' || s[i] == ';' || s[i] == '!' ||
			 (s[i] == '/' && i + 1 < n && s[i + 1] == '/') ||
			 (s[i] == '-' && i + 1 < n && (s[i + 1] == '-' || s[i + 1] == ' ')))) {
		i += (s[i] == '/' || (s[i] == '-' && s[i + 1] == '-')) ? 2 : 1;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
	}
	if (n - i > 7 && !memcmp(s + i, "export ", 7))
		i += 7;
	if (i < n && (s[i] == '"' || s[i] == '\''))
		return json_line(out, s, n, st, p);
	for (ks = ke = i; ke < n && is_keych((unsigned char)s[ke]); ke++)
		;
	for (vs = ke; vs < n && (s[vs] == ' ' || s[vs] == '\t'); vs++)
		;
	if (ke == ks || vs >= n || (s[vs] != '=' && s[vs] != ':') ||
	    (s[vs] == ':' && vs + 1 < n && s[vs + 1] != ' ' && s[vs + 1] != '\t'))
		return memchr(s, '"', n) ? json_line(out, s, n, st, p) :
			emit(out, s, n, p);
	kc = classify(s + ks, ke - ks);
	if (kc == KEY_PLAIN)
		return emit(out, s, n, p);
	for (vs++; vs < n && (s[vs] == ' ' || s[vs] == '\t'); vs++)
		;
	if ((rc = vc_buf_put(out, s, vs)) < 0)
		return rc;
	if (vs < n && (s[vs] == '|' || s[vs] == '>')) {
		st->block = 1;
		st->indent = indent;
		return vc_buf_puts(out, kc == KEY_SECRET ? "<set>" : "<identity>");
	}
	if (vs < n && (s[vs] == '{' || s[vs] == '[')) {
		int d = bracket_delta(s + vs, n - vs);

		if (d > 0)
			st->depth = d;
		return vc_buf_puts(out, kc == KEY_SECRET ? "<set>" : "<identity>");
	}
	if (n > vs && s[n - 1] == '\\')
		st->cont = 1;
	if (kc == KEY_SECRET && vs == n)
		return vc_buf_puts(out, vs && s[vs - 1] == ':' ? " <empty>" : "<empty>");
	return emit_value(out, s + vs, n - vs, kc, 0, p);
}

int vc_redact_config(struct vc_buf *out, const char *text, size_t len,
		     const struct vc_pseudo *p)
{
	struct redact_state st = { 0 };
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len, n = end - pos;
		int cr = n > 0 && text[end - 1] == '\r', rc;
		char *line = strndup(text + pos, n - (size_t)cr);

		if (!line)
			return VC_ENOMEM;
		rc = redact_line(out, line, n - (size_t)cr, &st, p);
		free(line);
		if (rc < 0)
			return rc;
		/* a dropped line (rc 1) leaves no trace */
		if (rc == 0 && cr && (rc = vc_buf_putc(out, '\r')) < 0)
			return rc;
		if (rc == 0 && nl && (rc = vc_buf_putc(out, '\n')) < 0)
			return rc;
		pos = nl ? end + 1 : len;
	}
	if (!out->ptr)
		return vc_buf_grow(out, 0);
	return 0;
}

/* ---- members and manifest --------------------------------------------- */

enum vc_bundle_format vc_bundle_format_of(const char *path)
{
	size_t n = path ? strlen(path) : 0;

	if (n > 7 && !strcmp(path + n - 7, ".tar.gz"))
		return VC_BUNDLE_TGZ;
	if (n > 4 && !strcmp(path + n - 4, ".tgz"))
		return VC_BUNDLE_TGZ;
	if (n > 4 && !strcmp(path + n - 4, ".zip"))
		return VC_BUNDLE_ZIP;
	return VC_BUNDLE_NONE;
}

static int bad_name(const char *name)
{
	const char *p = name;

	if (!*name || *name == '/' || !strcmp(name, VC_BUNDLE_MANIFEST))
		return 1;
	while (p) {
		if (!strncmp(p, "..", 2) && (p[2] == '/' || !p[2]))
			return 1;
		p = strchr(p, '/');
		p = p ? p + 1 : NULL;
	}
	return 0;
}

int vc_bundle_add(struct vc_bundle *b, const char *name, const void *data, size_t len)
{
	struct vc_bundle_member *m;
	size_t i;

	if (bad_name(name))
		return vc_error_set(VC_ERROR, "%s: not a bundle member name", name);
	for (i = 0; i < b->n; i++)
		if (!strcmp(b->v[i].name, name))
			return vc_error_set(VC_ERROR, "%s: twice in the bundle", name);
	if (b->n >= VC_BUNDLE_MEMBERS_MAX)
		return vc_error_set(VC_ELIMIT, "more than %d bundle members", VC_BUNDLE_MEMBERS_MAX);
	if (b->n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 16;

		m = realloc(b->v, cap * sizeof(*m));
		if (!m)
			return vc_error_set(VC_ENOMEM, "out of memory");
		b->v = m;
		b->cap = cap;
	}
	m = &b->v[b->n];
	m->name = strdup(name);
	m->data = malloc(len ? len : 1);
	if (!m->name || !m->data) {
		free(m->name);
		free(m->data);
		return vc_error_set(VC_ENOMEM, "out of memory");
	}
	if (len)
		memcpy(m->data, data, len);
	m->len = len;
	b->n++;
	return 0;
}

void vc_bundle_free(struct vc_bundle *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->n; i++) {
		free(b->v[i].name);
		free(b->v[i].data);
	}
	free(b->v);
	memset(b, 0, sizeof(*b));
}

static int cmp_member(const void *a, const void *b)
{
	return strcmp(((const struct vc_bundle_member *)a)->name,
		      ((const struct vc_bundle_member *)b)->name);
}

int vc_bundle_manifest(struct vc_buf *out, struct vc_bundle *b)
{
	char sha[VC_SHA256_HEX];
	size_t i;
	int rc = 0;

	if (b->n)
		qsort(b->v, b->n, sizeof(*b->v), cmp_member);
	for (i = 0; i < b->n && rc == 0; i++) {
		vc_sha256_hex(sha, b->v[i].data, b->v[i].len);
		rc = vc_buf_printf(out, "%s  %s\n", sha, b->v[i].name);
	}
	if (rc == 0 && !out->ptr)
		rc = vc_buf_grow(out, 0);
	return rc;
}

void vc_manifest_free(struct vc_manifest_entry *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i].name);
	free(v);
}

int vc_manifest_parse(struct vc_manifest_entry **out, size_t *n, const char *text,
		      size_t len, size_t *bad_line)
{
	struct vc_manifest_entry *v = NULL;
	size_t cap = 0, pos = 0, line = 0, i, k;

	*out = NULL;
	*n = 0;
	*bad_line = 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len, ln = end - pos;
		const char *s = text + pos;

		line++;
		pos = nl ? end + 1 : len;
		if (!nl || ln < 67 || s[64] != ' ' || s[65] != ' ' || memchr(s, 0, ln) ||
		    *n >= VC_BUNDLE_MEMBERS_MAX)
			goto bad;
		for (i = 0; i < 64; i++)
			if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
				goto bad;
		for (k = 0; k < *n; k++)
			if (strlen(v[k].name) == ln - 66 && !memcmp(v[k].name, s + 66, ln - 66))
				goto bad;
		if (*n == cap) {
			struct vc_manifest_entry *nv;

			cap = cap ? 2 * cap : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv)
				goto nomem;
			v = nv;
		}
		memcpy(v[*n].sha, s, 64);
		v[*n].sha[64] = 0;
		if (!(v[*n].name = strndup(s + 66, ln - 66)))
			goto nomem;
		(*n)++;
		*out = v;
	}
	*out = v;
	return 0;
bad:
	*out = v;
	*bad_line = line;
	return VC_EPARSE;
nomem:
	*out = v;
	return vc_error_set(VC_ENOMEM, "out of memory");
}

/* ---- writer ------------------------------------------------------------ */

static int add_entry(struct archive *a, const char *name, const void *data, size_t len,
		     time_t mtime)
{
	struct archive_entry *e = archive_entry_new();
	int rc = 0;

	if (!e)
		return vc_error_set(VC_ENOMEM, "out of memory");
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	archive_entry_set_mtime(e, mtime, 0);
	archive_entry_set_size(e, (la_int64_t)len);
	if (archive_write_header(a, e) != ARCHIVE_OK ||
	    (len && archive_write_data(a, data, len) != (la_ssize_t)len))
		/* libarchive says "Write error"; the errno says why (a full disk) */
		rc = vc_error_set(VC_EIO, "%s: %s%s%s", name, archive_error_string(a),
				  archive_errno(a) > 0 ? ": " : "",
				  archive_errno(a) > 0 ? strerror(archive_errno(a)) : "");
	archive_entry_free(e);
	return rc;
}

int vc_bundle_write(const char *path, enum vc_bundle_format fmt, struct vc_bundle *b,
		    time_t mtime)
{
	struct vc_buf man = VC_BUF_INIT(0);
	struct archive *a = NULL;
	char *tmp = NULL, *dir = NULL, *slash;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	int fd = -1, rc;
	size_t i, k;

	if ((rc = vc_bundle_manifest(&man, b)) < 0)
		goto out;
	rc = VC_ENOMEM;
	if (!(dir = strdup(path)))
		goto out;
	slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir ? 1 : 0] = 0;
	if (!(tmp = vc_asprintf("%s/.%s.XXXXXX", slash ? dir : ".", base)))
		goto out;
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = vc_error_set(VC_EIO, "%s: cannot create temporary file: %s", path,
				  strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	rc = VC_EIO;
	if (!(a = archive_write_new()))
		goto out;
	if (fmt == VC_BUNDLE_ZIP) {
		if (archive_write_set_format_zip(a) != ARCHIVE_OK)
			goto aerr;
	} else if (archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
		   archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
		   /* no time stamp in the gzip header: the same audit, the same bytes */
		   archive_write_set_filter_option(a, "gzip", "timestamp", NULL) < ARCHIVE_WARN) {
		goto aerr;
	}
	if (archive_write_open_fd(a, fd) != ARCHIVE_OK)
		goto aerr;
	/* MANIFEST.sha256 takes its place in name order like every member. */
	for (k = 0; k < b->n && strcmp(b->v[k].name, VC_BUNDLE_MANIFEST) < 0; k++)
		;
	for (i = 0; i <= b->n; i++) {
		if (i == k && (rc = add_entry(a, VC_BUNDLE_MANIFEST, man.ptr, man.size,
					      mtime)) < 0)
			goto out;
		if (i < b->n && (rc = add_entry(a, b->v[i].name, b->v[i].data, b->v[i].len,
						mtime)) < 0)
			goto out;
	}
	if (archive_write_close(a) != ARCHIVE_OK)
		goto aerr;
	if (fsync(fd) < 0 || fchmod(fd, 0644) < 0) {
		rc = vc_error_set(VC_EIO, "%s: write failed: %s", path, strerror(errno));
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		rc = vc_error_set(VC_EIO, "%s: write failed: %s", path, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) < 0) {
		rc = vc_error_set(VC_EIO, "%s: cannot rename into place: %s", path,
				  strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	rc = 0;
	goto out;
aerr:
	rc = vc_error_set(VC_EIO, "%s: %s%s%s", path, a ? archive_error_string(a) : "libarchive",
			  a && archive_errno(a) > 0 ? ": " : "",
			  a && archive_errno(a) > 0 ? strerror(archive_errno(a)) : "");
out:
	if (a)
		archive_write_free(a);
	if (fd >= 0)
		close(fd);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	free(dir);
	vc_buf_free(&man);
	return rc;
}

/* ---- contents ---------------------------------------------------------- */

static const char *extension(const char *format)
{
	if (!strcmp(format, "text"))
		return "txt";
	return format;
}

int vc_bundle_add_reports(struct vc_bundle *b, const struct vc_audit *a, const char *lang)
{
	struct vc_report_opts ro = { 0 };
	size_t i;
	int rc = 0;

	ro.lang = lang;
	for (i = 0; vc_reporters[i] && rc == 0; i++) {
		const struct vc_reporter_entry *r = vc_reporters[i];
		char *mem = NULL, *name = NULL;
		size_t len = 0;
		FILE *f;

		if (!strcmp(r->name, "junit"))
			continue;
		if (!(f = open_memstream(&mem, &len)))
			return vc_error_set(VC_ENOMEM, "out of memory");
		rc = r->write(f, a, &ro);
		if (fclose(f) != 0 && rc == 0)
			rc = vc_error_set(VC_EIO, "%s report: write failed", r->name);
		if (rc == 0 && !(name = vc_asprintf("report.%s", extension(r->name))))
			rc = vc_error_set(VC_ENOMEM, "out of memory");
		if (rc == 0)
			rc = vc_bundle_add(b, name, mem ? mem : "", len);
		else if (rc != VC_ENOMEM)
			vc_error_set(rc, "%s report failed: %s", r->name, vc_error_last());
		free(name);
		free(mem);
	}
	return rc;
}

/* "prefix/" + the path's components, without empty ones, "." and "..". */
static char *member_name(const char *prefix, const char *display)
{
	struct vc_buf n = VC_BUF_INIT(8192);
	const char *p = display;

	vc_buf_puts(&n, prefix);
	while (*p) {
		size_t len = strcspn(p, "/");

		if (len && !(len == 1 && p[0] == '.')) {
			vc_buf_putc(&n, '/');
			if (len == 2 && p[0] == '.' && p[1] == '.')
				vc_buf_puts(&n, "__");
			else
				vc_buf_put(&n, p, len);
		}
		p += len;
		if (*p)
			p++;
	}
	if (n.ptr && memchr(n.ptr, 0, n.size)) {
		vc_buf_free(&n);
		return NULL;
	}
	return vc_buf_detach(&n);
}

/* A plain file named on the command line, or below a folder that was. */
static const char *input_match(const char *display, const char *const *inputs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		size_t l = strlen(inputs[i]);

		if (!strcmp(display, inputs[i]) ||
		    (l && !strncmp(display, inputs[i], l) &&
		     (display[l] == '/' || inputs[i][l - 1] == '/')))
			return inputs[i];
	}
	return NULL;
}

static int read_plain(struct vc_buf *out, const char *path, size_t max)
{
	struct stat st;
	char chunk[16384];
	ssize_t r;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW), rc = 0;

	if (fd < 0)
		return vc_error_set(VC_EIO, "%s", strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return vc_error_set(VC_EUNSAFE, "not a regular file");
	}
	while (rc == 0 && (r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			rc = vc_error_set(VC_EIO, "%s", strerror(errno));
		else if (out->size + (size_t)r > max)
			rc = vc_error_set(VC_ELIMIT, "larger than the read limit");
		else
			rc = vc_buf_put(out, chunk, (size_t)r);
	}
	close(fd);
	if (rc == 0 && !out->ptr)
		rc = vc_buf_grow(out, 0);
	return rc;
}

static int has_member(const struct vc_bundle *b, const char *name)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (!strcmp(b->v[i].name, name))
			return 1;
	return 0;
}

/* Copy one source; *why says why not (static text) when nothing was copied. */
static int copy_source(struct vc_bundle *b, char **member, const char **why, const json_t *src,
		       const char *real, const struct vc_root *root, const char *const *inputs,
		       size_t ninputs, const struct vc_pseudo *p, size_t file_max)
{
	const char *disp = json_string_value(json_object_get(src, "path"));
	const char *kind = json_string_value(json_object_get(src, "kind"));
	const char *sha = json_string_value(json_object_get(src, "sha256"));
	struct vc_buf raw = VC_BUF_INIT(0), red = VC_BUF_INIT(0);
	char hex[VC_SHA256_HEX];
	int rc = 0;

	*member = NULL;
	*why = NULL;
	if (!disp || !sha) {
		*why = "not a file (no path or digest recorded)";
		return 0;
	}
	if (!vc_redact_kind_supported(kind)) {
		*why = "no redactor for this kind of file yet";
		return 0;
	}
	if (real)
		rc = vc_root_read(&raw, root, real, file_max);
	else if (input_match(disp, inputs, ninputs))
		rc = read_plain(&raw, disp, file_max);
	else {
		*why = "not a plain file (an archive member, or not found again)";
		return 0;
	}
	if (rc == VC_ENOMEM)
		goto out;
	if (rc < 0) {
		*why = "could not be read again";
		rc = 0;
		goto out;
	}
	vc_sha256_hex(hex, raw.ptr, raw.size);
	if (strcmp(hex, sha)) {
		*why = "changed since the audit";
		goto out;
	}
	*member = member_name(real ? "config" : "input", disp);
	if (!*member) {
		rc = vc_error_set(VC_ENOMEM, "out of memory");
		goto out;
	}
	if (has_member(b, *member))
		goto out;   /* read twice by the audit, copied once */
	if ((rc = vc_redact_config(&red, raw.ptr, raw.size, p)) < 0)
		goto out;
	rc = vc_bundle_add(b, *member, red.ptr, red.size);
out:
	if (rc < 0) {
		free(*member);
		*member = NULL;
	}
	vc_buf_free(&raw);
	vc_buf_free(&red);
	return rc;
}

int vc_bundle_add_sources(struct vc_bundle *b, const json_t *sources, const json_t *real,
			  const struct vc_root *root, const char *const *inputs, size_t ninputs,
			  const struct vc_pseudo *p, size_t file_max)
{
	struct vc_buf list = VC_BUF_INIT(0);
	const json_t *src;
	size_t i;
	int rc = 0;

	vc_buf_puts(&list, "# Sources read by the audit: sha256, kind, path (as in the reports),\n"
			   "# and what became of the file in this bundle.\n");
	json_array_foreach(sources, i, src) {
		const char *disp = json_string_value(json_object_get(src, "path"));
		const char *kind = json_string_value(json_object_get(src, "kind"));
		const char *sha = json_string_value(json_object_get(src, "sha256"));
		const char *why;
		char *member;

		rc = copy_source(b, &member, &why, src,
				 json_string_value(json_array_get(real, i)), root, inputs,
				 ninputs, p, file_max);
		if (rc < 0)
			break;
		rc = vc_buf_printf(&list, "%s  %s  %s  ", sha ? sha : "-", kind ? kind : "-",
				   disp ? disp : "-");
		if (rc == 0 && member)
			rc = vc_buf_printf(&list, "copied, redacted: %s\n", member);
		else if (rc == 0)
			rc = vc_buf_printf(&list, "not copied: %s\n", why);
		free(member);
		if (rc < 0)
			break;
	}
	if (rc == 0)
		rc = vc_bundle_add(b, "SOURCES.txt", list.ptr, list.size);
	vc_buf_free(&list);
	return rc;
}
