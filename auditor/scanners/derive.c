/*
 * Derived host facts for every path-valued fact (DESIGN §3.4):
 * <key>.cloud_sync = provider or "none", and <key>.encrypted = true/false
 * where the storage can be determined (absent otherwise).
 */
#include <stdlib.h>
#include <string.h>

#include "scanner.h"
#include "derive.h"

int vc_derive_path_facts(struct vc_scan_ctx *ctx)
{
	size_t i, n = ctx->facts.n;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		/* Copy first: adding facts may move the array. */
		char *product = vc_strdup(ctx->facts.v[i].product);
		char *scope = vc_strdup(ctx->facts.v[i].scope);
		char *key = vc_strdup(ctx->facts.v[i].key);
		char *lp = vc_strdup(ctx->facts.v[i].local_path);
		char *k1 = NULL, *k2 = NULL;
		const struct vc_sync_folder *sf;
		const char *how = NULL;
		int enc;

		if (!lp)
			goto next;
		k1 = vc_asprintf("%s.cloud_sync", key);
		k2 = vc_asprintf("%s.encrypted", key);
		if (!product || !scope || !k1 || !k2) {
			rc = VC_ENOMEM;
			goto next;
		}
		sf = vc_scan_sync_for(ctx, lp);
		{
			struct vc_prov pv = { sf ? sf->source : NULL, NULL, sf ? sf->line : 0 };

			rc = vc_fact_add(&ctx->facts, product, scope, k1,
					 json_string(sf ? sf->provider : "none"), &pv);
		}
		enc = vc_scan_encrypted(ctx, lp, &how);
		if (rc == 0 && enc >= 0) {
			struct vc_prov pv = { how, NULL, 0 };

			rc = vc_fact_add(&ctx->facts, product, scope, k2, json_boolean(enc), &pv);
		}
next:
		free(product); free(scope); free(key); free(lp); free(k1); free(k2);
	}
	return rc;
}
