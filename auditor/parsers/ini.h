#ifndef VC_INI_H
#define VC_INI_H
/*
 * INI files through inih, with the line of every key.
 * Section and key names are kept as written; look-ups are case-insensitive.
 */
#include <stddef.h>

struct vc_ini_entry {
	char *section;   /* "" for keys before any section */
	char *key;
	char *value;
	int line;        /* 1-based */
};

struct vc_ini {
	struct vc_ini_entry *v;
	size_t n, cap;
};

/*
 * Parse `len` bytes of `text` (need not be NUL-terminated; a leading UTF-8
 * BOM is skipped). On a syntax error returns VC_EPARSE with *err_line set
 * to the first bad line; entries before it are kept. NUL bytes inside the
 * text are a parse error at their line.
 */
int vc_ini_parse(struct vc_ini *out, const char *text, size_t len, int *err_line);
/* Case-insensitive lookup; section NULL matches any section. Last one wins. */
const struct vc_ini_entry *vc_ini_get(const struct vc_ini *ini, const char *section,
				      const char *key);
void vc_ini_free(struct vc_ini *ini);

#endif
