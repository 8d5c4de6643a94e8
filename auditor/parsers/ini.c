/*
 * INI through the system inih, reading from memory with our own line reader.
 *
 * Debian's inih is built without INI_HANDLER_LINENO, so the handler is not
 * told the line. inih calls the reader exactly once per line (we turn its
 * realloc growth off), so the number of lines the reader has handed out is
 * the line of the key the handler is given.
 *
 * inih cuts what does not fit its line buffer and parses the rest as a new
 * line, and keeps only 49 bytes of a section name. The reader therefore
 * refuses such lines itself, so a value is either read whole or reported.
 */
#include <ini.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "core/err.h"
#include "core/utf8.h"
#include "parsers/ini.h"

struct reader {
	const char *p, *end;   /* what is left of the text */
	int line;              /* lines handed to inih: the line being parsed */
	const char *cur;       /* that line, without leading white space */
	size_t cur_len;
	int rc;                /* our own error: stops the parse */
	int err_line;
};

struct ctx {
	struct reader r;
	struct vc_ini *ini;
	char *section;         /* the section string of the last entry */
};

static pthread_once_t knobs_once = PTHREAD_ONCE_INIT;

static void set_knobs(void)
{
	ini_use_stack = false;          /* a heap buffer of ini_initial_alloc bytes */
	ini_allow_realloc = false;      /* one reader call per line */
	ini_initial_alloc = VC_INI_MAX_LINE;
	ini_max_line = VC_INI_MAX_LINE;
	ini_allow_multiline = false;
	ini_allow_no_value = false;
	ini_stop_on_first_error = true;
}

static int fail(struct reader *r, int code, const char *what)
{
	r->rc = vc_error_set(code, "line %d: %s", r->line, what);
	r->err_line = r->line;
	return code;
}

/* fgets() over the text, refusing lines inih would cut or misread. */
static char *read_line(char *str, int num, void *stream)
{
	struct reader *r = stream;
	const char *start, *nl, *close;
	size_t n, body;

	if (r->rc || r->p >= r->end || num < 4)
		return NULL;
	if (r->line == INT_MAX) {
		fail(r, VC_ELIMIT, "too many lines");
		return NULL;
	}
	r->line++;
	start = r->p;
	nl = memchr(start, '\n', (size_t)(r->end - start));
	n = nl ? (size_t)(nl - start) + 1 : (size_t)(r->end - start);
	r->p = start + n;
	if (memchr(start, 0, n)) {
		fail(r, VC_EPARSE, "nul byte");
		return NULL;
	}
	body = n;
	if (body > 0 && start[body - 1] == '\n')
		body--;
	if (body > 0 && start[body - 1] == '\r')
		body--;
	if (body > (size_t)num - 3) {
		r->rc = vc_error_set(VC_ELIMIT, "line %d: line longer than %d bytes",
				     r->line, num - 3);
		r->err_line = r->line;
		return NULL;
	}
	/* Leading white space would make inih join the line to the previous value. */
	while (n > 0 && (*start == ' ' || *start == '\t' || *start == '\v' || *start == '\f')) {
		start++;
		n--;
	}
	if (n > 0 && *start == '[') {
		close = memchr(start, ']', n);
		if (close && close - start - 1 > VC_INI_MAX_SECTION) {
			r->rc = vc_error_set(VC_ELIMIT, "line %d: section name longer than %d bytes",
					     r->line, VC_INI_MAX_SECTION);
			r->err_line = r->line;
			return NULL;
		}
	}
	memcpy(str, start, n);
	str[n] = 0;
	r->cur = start;
	r->cur_len = n;
	return str;
}

static int grow(struct vc_ini *ini)
{
	struct vc_ini_entry *v;
	size_t cap;

	if (ini->n < ini->cap)
		return 0;
	cap = ini->cap ? ini->cap * 2 : 16;
	if (cap > VC_INI_MAX_ENTRIES)
		cap = VC_INI_MAX_ENTRIES;
	v = realloc(ini->v, cap * sizeof(*v));
	if (!v)
		return VC_ENOMEM;
	ini->v = v;
	ini->cap = cap;
	return 0;
}

/* inih's handler: 1 to go on, 0 to stop (our reader then ends the input). */
static int on_entry(void *user, const char *section, const char *name, const char *value)
{
	struct ctx *c = user;
	struct vc_ini *ini = c->ini;
	struct vc_ini_entry *e;
	char *sec = c->section, *key = NULL, *val = NULL;
	size_t vlen;

	if (c->r.rc)
		return 0;
	if (!section || !name || !value) {
		fail(&c->r, VC_EPARSE, "expected key=value");
		return 0;
	}
	vlen = strlen(value);
	if (value[0] == '"' && (vlen < 2 || value[vlen - 1] != '"')) {
		fail(&c->r, VC_EPARSE, "unterminated quoted value (a ';' comment inside quotes?)");
		return 0;
	}
	if (ini->n >= VC_INI_MAX_ENTRIES) {
		c->r.rc = vc_error_set(VC_ELIMIT, "line %d: more than %d entries",
				       c->r.line, VC_INI_MAX_ENTRIES);
		c->r.err_line = c->r.line;
		return 0;
	}
	if (grow(ini) < 0)
		goto nomem;
	if (!sec || strcmp(sec, section) != 0) {
		sec = vc_strdup(section);
		if (!sec)
			goto nomem;
	}
	key = vc_strdup(name);
	val = vc_strdup(value);
	if (!key || !val)
		goto nomem;
	e = &ini->v[ini->n++];
	e->section = sec;
	e->key = key;
	e->value = val;
	e->line = c->r.line;
	c->section = sec;
	return 1;
nomem:
	if (sec != c->section)
		free(sec);
	free(key);
	free(val);
	fail(&c->r, VC_ENOMEM, "out of memory");
	return 0;
}

/* Frees the entries from index `from` on, keeping the shared section rules. */
static void drop_from(struct vc_ini *ini, size_t from)
{
	size_t i;

	for (i = ini->n; i-- > from;) {
		if (i == 0 || ini->v[i].section != ini->v[i - 1].section)
			free(ini->v[i].section);
		free(ini->v[i].key);
		free(ini->v[i].value);
	}
	ini->n = from;
}

int vc_ini_parse(struct vc_ini *out, const char *text, size_t len, int *err_line)
{
	struct ctx c;
	int res, rc = 0, line = 0;
	size_t keep;

	if (err_line)
		*err_line = 0;
	if (!out)
		return vc_error_set(VC_ERROR, "vc_ini_parse: no output");
	memset(out, 0, sizeof(*out));
	if (!text && len)
		return vc_error_set(VC_ERROR, "vc_ini_parse: no text");
	if (!text || len == 0)
		return 0;
	text = vc_utf8_skip_bom(text, &len);
	pthread_once(&knobs_once, set_knobs);
	memset(&c, 0, sizeof(c));
	c.r.p = text;
	c.r.end = text + len;
	c.ini = out;

	res = ini_parse_stream(read_line, &c.r, on_entry, &c);
	if (c.r.rc) {
		rc = c.r.rc;
		line = c.r.err_line;
	} else if (res == -2) {
		rc = vc_error_set(VC_ENOMEM, "out of memory");
	} else if (res > 0) {
		line = res;
		if (c.r.line == res && c.r.cur_len > 0 && c.r.cur[0] == '[')
			rc = vc_error_set(VC_EPARSE, "line %d: section header without ']'", res);
		else
			rc = vc_error_set(VC_EPARSE,
					  "line %d: expected key=value, [section] or a comment", res);
	} else if (res < 0) {
		rc = vc_error_set(VC_ERROR, "ini parser failed (%d)", res);
	}
	if (rc < 0 && line > 0) {
		/* Keep what came before the bad line, as documented. */
		keep = 0;
		while (keep < out->n && out->v[keep].line < line)
			keep++;
		drop_from(out, keep);
	}
	if (err_line)
		*err_line = line;
	return rc;
}

static int ascii_casecmp(const char *a, const char *b)
{
	unsigned char x, y;

	do {
		x = (unsigned char)*a++;
		y = (unsigned char)*b++;
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
	} while (x && x == y);
	return x - y;
}

const struct vc_ini_entry *vc_ini_get(const struct vc_ini *ini, const char *section,
				      const char *key)
{
	size_t i;

	if (!ini || !key)
		return NULL;
	for (i = ini->n; i-- > 0;) {
		const struct vc_ini_entry *e = &ini->v[i];

		if (ascii_casecmp(e->key, key) != 0)
			continue;
		if (section && ascii_casecmp(e->section, section) != 0)
			continue;
		return e;
	}
	return NULL;
}

void vc_ini_free(struct vc_ini *ini)
{
	if (!ini)
		return;
	drop_from(ini, 0);
	free(ini->v);
	ini->v = NULL;
	ini->n = 0;
	ini->cap = 0;
}
