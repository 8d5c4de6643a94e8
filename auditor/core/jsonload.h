#ifndef VC_JSONLOAD_H
#define VC_JSONLOAD_H
/*
 * Loading JSON with Jansson without being fooled by a failed allocation.
 *
 * Jansson's lexer ignores a failed allocation while it collects a token
 * (load.c lex_save()): the byte is dropped and the load succeeds with a
 * damaged key or string ("schedule_meeting" read as "schedule_meetig").
 * These wrappers route Jansson's allocations through a counting allocator
 * (installed on first use; it allocates with malloc() and frees with
 * free(), so values made before it are unaffected) and refuse the result of
 * any load during which an allocation failed. After the first failure the
 * rest of that load's allocations are refused as well: Jansson 2.14 could
 * otherwise overflow a heap buffer while scanning a string token it failed
 * to store whole.
 *
 * Both return 0 with *out a new reference; VC_ENOMEM (*out NULL, message
 * set, jerr->text "out of memory"); or VC_EPARSE for what Jansson refused
 * (*out NULL, jerr filled as Jansson filled it, no message set: callers
 * word their own). Not thread-safe against other threads loading JSON.
 */
#include <stddef.h>
#include <jansson.h>

int vc_json_loadb(json_t **out, const char *text, size_t len, size_t flags,
		  json_error_t *jerr);
int vc_json_load_file(json_t **out, const char *path, size_t flags, json_error_t *jerr);

#endif
