/* merge: interned strings and the host table (open addressing, FNV-1a). */
#include <stdlib.h>
#include <string.h>

#include "merge.h"

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* Grow a slot array to twice the entries' count (load at most 1/2). */
static uint32_t *slots_new(size_t nslots)
{
	return calloc(nslots, sizeof(uint32_t));
}

static int strtab_rehash(struct vc_strtab *t)
{
	size_t ns = t->nslots ? t->nslots * 2 : 64, i;
	uint32_t *sl = slots_new(ns);

	if (!sl)
		return vc_error_set(VC_ENOMEM, "out of memory");
	for (i = 0; i < t->n; i++) {
		size_t j = (size_t)(fnv1a(t->s[i]) & (ns - 1));

		while (sl[j])
			j = (j + 1) & (ns - 1);
		sl[j] = (uint32_t)i + 1;
	}
	free(t->slots);
	t->slots = sl;
	t->nslots = ns;
	return 0;
}

uint32_t vc_strtab_find(const struct vc_strtab *t, const char *s)
{
	size_t j;

	if (!t->nslots || !s)
		return VC_FLEET_NONE;
	j = (size_t)(fnv1a(s) & (t->nslots - 1));
	while (t->slots[j]) {
		if (!strcmp(t->s[t->slots[j] - 1], s))
			return t->slots[j] - 1;
		j = (j + 1) & (t->nslots - 1);
	}
	return VC_FLEET_NONE;
}

int vc_strtab_intern(struct vc_strtab *t, const char *s, uint32_t *out)
{
	uint32_t i = vc_strtab_find(t, s);
	size_t j;
	int rc;

	if (i != VC_FLEET_NONE) {
		*out = i;
		return 0;
	}
	if (t->n >= VC_FLEET_RULES_MAX)
		return vc_error_set(VC_ELIMIT, "more than %d distinct names", VC_FLEET_RULES_MAX);
	if ((t->n + 1) * 2 > t->nslots && (rc = strtab_rehash(t)) < 0)
		return rc;
	if (t->n == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 32;
		char **ns = realloc(t->s, nc * sizeof(*ns));

		if (!ns)
			return vc_error_set(VC_ENOMEM, "out of memory");
		t->s = ns;
		t->cap = nc;
	}
	if (!(t->s[t->n] = vc_strdup(s)))
		return vc_error_set(VC_ENOMEM, "out of memory");
	j = (size_t)(fnv1a(s) & (t->nslots - 1));
	while (t->slots[j])
		j = (j + 1) & (t->nslots - 1);
	t->slots[j] = (uint32_t)t->n + 1;
	*out = (uint32_t)t->n++;
	return 0;
}

void vc_strtab_free(struct vc_strtab *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++)
		free(t->s[i]);
	free(t->s);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

void vc_fleet_init(struct vc_fleet *f, const char *lang)
{
	memset(f, 0, sizeof(*f));
	f->lang = lang && !strcmp(lang, "da") ? "da" : "en";
}

void vc_fleet_host_free(struct vc_fleet_host *h)
{
	if (!h)
		return;
	free(h->name);
	free(h->machine_id);
	free(h->report);
	free(h->failing);
	free(h->pv);
	memset(h, 0, sizeof(*h));
}

void vc_fleet_free(struct vc_fleet *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->nhosts; i++)
		vc_fleet_host_free(&f->hosts[i]);
	free(f->hosts);
	free(f->slots);
	/* ruleinfo is zero-filled up to its capacity (none for --previous) */
	for (i = 0; i < f->capruleinfo; i++)
		free(f->ruleinfo[i].title);
	free(f->ruleinfo);
	vc_strtab_free(&f->rules);
	vc_strtab_free(&f->products);
	vc_strtab_free(&f->versions);
	vc_strtab_free(&f->tools);
	vc_strtab_free(&f->kinds);
	vc_diags_free(&f->diags);
	free(f->prev_generated_at);
	if (f->prev) {
		vc_fleet_free(f->prev);
		free(f->prev);
	}
	memset(f, 0, sizeof(*f));
}

/* Two machine ids name the same machine unless both are known and differ. */
static int same_machine(const char *a, const char *b)
{
	return !a || !b || !strcmp(a, b);
}

/* The slot of the host, or of the empty slot where it would go. */
static size_t host_slot(const struct vc_fleet *f, const char *name, const char *mid)
{
	size_t j = (size_t)(fnv1a(name) & (f->nslots - 1));

	while (f->slots[j]) {
		const struct vc_fleet_host *h = &f->hosts[f->slots[j] - 1];

		if (!strcmp(h->name, name) && same_machine(h->machine_id, mid))
			break;
		j = (j + 1) & (f->nslots - 1);
	}
	return j;
}

struct vc_fleet_host *vc_fleet_find(const struct vc_fleet *f, const char *name,
				    const char *machine_id)
{
	size_t j;

	if (!f->nslots || !name)
		return NULL;
	j = host_slot(f, name, machine_id);
	return f->slots[j] ? &f->hosts[f->slots[j] - 1] : NULL;
}

static int hosts_rehash(struct vc_fleet *f)
{
	size_t ns = f->nslots ? f->nslots * 2 : 1024, i;
	uint32_t *sl = slots_new(ns);

	if (!sl)
		return vc_error_set(VC_ENOMEM, "out of memory");
	for (i = 0; i < f->nhosts; i++) {
		size_t j = (size_t)(fnv1a(f->hosts[i].name) & (ns - 1));

		while (sl[j])
			j = (j + 1) & (ns - 1);
		sl[j] = (uint32_t)i + 1;
	}
	free(f->slots);
	f->slots = sl;
	f->nslots = ns;
	return 0;
}

int vc_fleet_add(struct vc_fleet *f, struct vc_fleet_host *h)
{
	struct vc_fleet_host *old = vc_fleet_find(f, h->name, h->machine_id);
	size_t j;
	int rc = 0;

	if (old) {
		if (h->seen == old->seen)
			f->duplicates++;
		else
			f->superseded++;
		if (h->seen > old->seen) {
			char *mid = old->machine_id;

			/* The newer report wins; a machine id learnt earlier stays. */
			old->machine_id = NULL;
			vc_fleet_host_free(old);
			*old = *h;
			if (!old->machine_id)
				old->machine_id = mid;
			else
				free(mid);
			memset(h, 0, sizeof(*h));
			return 0;
		}
		if (!old->machine_id && h->machine_id) {
			old->machine_id = h->machine_id;
			h->machine_id = NULL;
		}
		goto out;
	}
	if (f->nhosts >= VC_FLEET_HOSTS_MAX) {
		rc = vc_error_set(VC_ELIMIT, "more than %d hosts", VC_FLEET_HOSTS_MAX);
		goto out;
	}
	if ((f->nhosts + 1) * 2 > f->nslots && (rc = hosts_rehash(f)) < 0)
		goto out;
	if (f->nhosts == f->caphosts) {
		size_t nc = f->caphosts ? f->caphosts * 2 : 256;
		struct vc_fleet_host *nh = realloc(f->hosts, nc * sizeof(*nh));

		if (!nh) {
			rc = vc_error_set(VC_ENOMEM, "out of memory");
			goto out;
		}
		f->hosts = nh;
		f->caphosts = nc;
	}
	j = host_slot(f, h->name, h->machine_id);
	f->hosts[f->nhosts] = *h;
	memset(h, 0, sizeof(*h));
	f->slots[j] = (uint32_t)f->nhosts + 1;
	f->nhosts++;
	return 0;
out:
	vc_fleet_host_free(h);
	return rc;
}
