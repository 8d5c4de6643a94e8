/*
 * merge --previous: a fleet report written earlier, read back into a
 * second struct vc_fleet (hosts with their failing rule ids and last seen)
 * for merge_json.c to compare against.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "merge.h"

#define PREVIOUS_MAX ((off_t)1 << 30)   /* bytes of a fleet report */

static int take_host(struct vc_fleet *p, const json_t *o, const char *path, size_t idx)
{
	struct vc_fleet_host h;
	const json_t *failing = json_object_get(o, "failing"), *v;
	const char *name = json_string_value(json_object_get(o, "name"));
	const char *mid = json_string_value(json_object_get(o, "machine_id"));
	size_t i;
	int rc;

	memset(&h, 0, sizeof(h));
	if (!name || !*name || !json_is_array(failing) ||
	    vc_fleet_parse_time(&h.seen, json_string_value(json_object_get(o, "last_seen"))) < 0)
		return vc_error_set(VC_EPARSE, "%s: hosts[%zu]: name, last_seen or failing missing",
				    path, idx);
	if (!(h.name = vc_strdup(name)) || (mid && !(h.machine_id = vc_strdup(mid))) ||
	    (json_array_size(failing) &&
	     !(h.failing = malloc(json_array_size(failing) * sizeof(*h.failing))))) {
		vc_fleet_host_free(&h);
		return vc_error_set(VC_ENOMEM, "out of memory");
	}
	h.worst_sev = -1;
	json_array_foreach(failing, i, v) {
		if (!json_is_string(v)) {
			vc_fleet_host_free(&h);
			return vc_error_set(VC_EPARSE, "%s: hosts[%zu].failing: not a string",
					    path, idx);
		}
		if ((rc = vc_strtab_intern(&p->rules, json_string_value(v),
					   &h.failing[h.nfailing])) < 0) {
			vc_fleet_host_free(&h);
			return rc;
		}
		h.nfailing++;
	}
	return vc_fleet_add(p, &h);
}

int vc_fleet_load_previous(struct vc_fleet *f, const char *path)
{
	json_error_t err;
	json_t *doc = NULL, *hosts, *o;
	struct stat st;
	const char *schema;
	size_t i;
	int rc = 0;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return vc_error_set(VC_EIO, "%s: cannot read (missing or not a regular file)",
				    path);
	if (st.st_size > PREVIOUS_MAX)
		return vc_error_set(VC_ELIMIT, "%s: larger than %lld bytes", path,
				    (long long)PREVIOUS_MAX);
	doc = json_load_file(path, 0, &err);
	if (!doc)
		return vc_error_set(VC_EPARSE, "%s:%d:%d: not json: %s", path, err.line,
				    err.column, vc_error_cut_excerpt(err.text));
	schema = json_string_value(json_object_get(doc, "schema"));
	hosts = json_object_get(doc, "hosts");
	if (!schema || strncmp(schema, "vcaudit.fleet/", 14)) {
		rc = vc_error_set(VC_EPARSE, "%s: not a vcaudit fleet report (no \"schema\": "
				  "\"%s\")", path, VC_FLEET_SCHEMA);
		goto out;
	}
	if (strcmp(schema, VC_FLEET_SCHEMA) && strncmp(schema, VC_FLEET_SCHEMA ".", 16)) {
		rc = vc_error_set(VC_EPARSE, "%s: fleet schema major version not supported "
				  "(this vcaudit reads %s)", path, VC_FLEET_SCHEMA);
		goto out;
	}
	if (!json_is_array(hosts)) {
		rc = vc_error_set(VC_EPARSE, "%s: hosts is not an array", path);
		goto out;
	}
	f->prev = calloc(1, sizeof(*f->prev));
	f->prev_generated_at = vc_strdup(json_string_value(json_object_get(doc,
									   "generated_at")));
	if (!f->prev) {
		rc = vc_error_set(VC_ENOMEM, "out of memory");
		goto out;
	}
	vc_fleet_init(f->prev, f->lang);
	json_array_foreach(hosts, i, o)
		if ((rc = take_host(f->prev, o, path, i)) < 0)
			goto out;
out:
	json_decref(doc);
	return rc;
}
