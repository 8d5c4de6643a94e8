/* JSON loads that fail cleanly when an allocation fails (see jsonload.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "err.h"
#include "jsonload.h"

static unsigned long failed_allocs;   /* Jansson allocations refused so far */
static unsigned long load_start;      /* failed_allocs when the current load began */
static int loading;                   /* inside vc_json_loadb() / vc_json_load_file() */
static int installed;

static void *counting_malloc(size_t n)
{
	void *p;

	/*
	 * Once an allocation failed during a load, refuse the rest of that
	 * load: having dropped a byte of a string token (possibly its closing
	 * quote), Jansson's lex_scan_string() would copy past the end of the
	 * token into a buffer sized for it, a heap overflow. Refused, it stops.
	 */
	if (loading && failed_allocs != load_start)
		return NULL;
	p = malloc(n);
	if (!p)
		failed_allocs++;
	return p;
}

static void counting_free(void *p)
{
	free(p);
}

static unsigned long start(void)
{
	if (!installed) {
		json_set_alloc_funcs(counting_malloc, counting_free);
		installed = 1;
	}
	loading = 1;
	load_start = failed_allocs;
	return failed_allocs;
}

static int finish(json_t **out, json_t *v, json_error_t *jerr, unsigned long before)
{
	loading = 0;
	if (v && failed_allocs == before) {
		*out = v;
		return 0;
	}
	*out = NULL;
	json_decref(v);
	if (failed_allocs != before || json_error_code(jerr) == json_error_out_of_memory) {
		snprintf(jerr->text, sizeof(jerr->text), "out of memory");
		return vc_error_set(VC_ENOMEM, "out of memory");
	}
	return VC_EPARSE;
}

int vc_json_loadb(json_t **out, const char *text, size_t len, size_t flags,
		  json_error_t *jerr)
{
	unsigned long before = start();

	return finish(out, json_loadb(text, len, flags, jerr), jerr, before);
}

int vc_json_load_file(json_t **out, const char *path, size_t flags, json_error_t *jerr)
{
	unsigned long before = start();

	return finish(out, json_load_file(path, flags, jerr), jerr, before);
}
