/* Pseudonyms of values and paths. */
#include <stdlib.h>
#include "testutil.h"
#include "core/hash.h"
#include "core/pseudo.h"
#include "core/err.h"

#define KEY "org-secret-1"

static void init(struct vc_pseudo *p, const char *key, int reveal)
{
	assert_int_equal(vc_pseudo_init(p, key, reveal), 0);
}

static void value_is(const struct vc_pseudo *p, const char *kind, const char *value,
		     const char *want)
{
	char *s = vc_pseudo_value(p, kind, value);

	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

static void path_is(const struct vc_pseudo *p, const char *path, const char *want)
{
	char *s = vc_pseudo_path(p, path);

	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

static void test_hash_vectors(void **state)
{
	char hex[VC_SHA256_HEX];

	(void)state;
	vc_sha256_hex(hex, "abc", 3);
	assert_string_equal(hex,
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	vc_sha256_hex(hex, NULL, 0);
	assert_string_equal(hex,
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	/* RFC 4231 test case 2. */
	vc_hmac_sha256_hex(hex, "Jefe", 4, "what do ya want for nothing?", 28);
	assert_string_equal(hex,
		"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

static void test_value_known(void **state)
{
	struct vc_pseudo p;

	(void)state;
	init(&p, KEY, 0);
	assert_int_equal(p.stable, 1);
	/* HMAC-SHA256(SHA-256(key), kind ":" value), first 8 hex digits. */
	value_is(&p, "user", "alice", "user-e9183cf7");
	value_is(&p, "user", "bob", "user-141daae9");
	value_is(&p, "email", "alice@example.com", "email-0aa59bf5");
	assert_null(vc_pseudo_value(&p, "user", NULL));
}

static void test_value_stability(void **state)
{
	struct vc_pseudo a, b, c;
	char *x, *y, *z;

	(void)state;
	init(&a, KEY, 0);
	init(&b, KEY, 0);
	init(&c, "another-org", 0);
	x = vc_pseudo_value(&a, "user", "alice");
	y = vc_pseudo_value(&b, "user", "alice");
	z = vc_pseudo_value(&c, "user", "alice");
	assert_string_equal(x, y);
	assert_string_not_equal(x, z);
	free(z);
	/* The kind is part of the hash: a user and a topic called alike differ. */
	z = vc_pseudo_value(&a, "topic", "alice");
	assert_string_not_equal(x + 5, z + 6);
	free(x);
	free(y);
	free(z);
}

static void test_key_sources(void **state)
{
	struct vc_pseudo env, rnd1, rnd2;
	char *a, *b;

	(void)state;
	assert_int_equal(setenv("VCAUDIT_PSEUDONYM_KEY", KEY, 1), 0);
	init(&env, NULL, 0);
	assert_int_equal(env.stable, 1);
	value_is(&env, "user", "alice", "user-e9183cf7");
	init(&env, "", 0);   /* an empty key counts as none */
	value_is(&env, "user", "alice", "user-e9183cf7");
	assert_int_equal(unsetenv("VCAUDIT_PSEUDONYM_KEY"), 0);
	init(&rnd1, NULL, 0);
	init(&rnd2, NULL, 0);
	assert_int_equal(rnd1.stable, 0);
	assert_int_equal(rnd1.keylen, 32);
	a = vc_pseudo_value(&rnd1, "user", "alice");
	b = vc_pseudo_value(&rnd2, "user", "alice");
	assert_string_not_equal(a, b);   /* fails with chance 2^-32 */
	assert_int_equal(strncmp(a, "user-", 5), 0);
	assert_int_equal(strlen(a), 13);
	free(a);
	free(b);
}

static void test_reveal(void **state)
{
	struct vc_pseudo p;
	const char *path = "/home/alice/Documents/Zoom/2026-09-15 14.30.12 Acme Weekly 81234567890";
	char *s;

	(void)state;
	init(&p, KEY, 1);
	value_is(&p, "user", "alice", "alice");
	path_is(&p, path, path);
	s = vc_pseudo_user_scope(&p, "alice");
	assert_string_equal(s, "user:alice");
	free(s);
}

static void test_scope_matches_path(void **state)
{
	struct vc_pseudo p;
	char *s;

	(void)state;
	init(&p, KEY, 0);
	s = vc_pseudo_user_scope(&p, "alice");
	assert_string_equal(s, "user:user-e9183cf7");
	free(s);
	path_is(&p, "/home/alice", "/home/user-e9183cf7");
}

static void test_paths(void **state)
{
	struct vc_pseudo p;

	(void)state;
	init(&p, KEY, 0);
	path_is(&p, "/home/alice/Dropbox/Zoom/2026-09-15 14.30.12 Acme Weekly 81234567890/"
		"audioJohnSmith98796876.m4a",
		"/home/user-e9183cf7/Dropbox/Zoom/2026-09-15 14.30.12 topic-3bc0ff72/"
		"audioname-09cfdf2498796876.m4a");
	path_is(&p, "/Users/alice/Documents/Zoom", "/Users/user-e9183cf7/Documents/Zoom");
	path_is(&p, "/var/home/alice/.config/zoomus.conf",
		"/var/home/user-e9183cf7/.config/zoomus.conf");
	path_is(&p, "C:\\Users\\alice\\Documents\\Zoom",
		"C:\\Users\\user-e9183cf7\\Documents\\Zoom");
	path_is(&p, "/Users/Shared/Zoom", "/Users/Shared/Zoom");
	path_is(&p, "/Users/Public/Zoom", "/Users/Public/Zoom");
	/* "Shared" is an account name under /home, only special under /Users. */
	path_is(&p, "/home/Shared/x", "/home/user-f0bc4c19/x");
	/* Only the account position counts: a later "home" is an ordinary folder. */
	path_is(&p, "/srv/home/alice", "/srv/home/alice");
	path_is(&p, "/home", "/home");
	path_is(&p, "/home/", "/home/");
	path_is(&p, "/home/../etc", "/home/../etc");
	path_is(&p, "/users/alice", "/users/alice");
}

static void test_path_components(void **state)
{
	struct vc_pseudo p;

	(void)state;
	init(&p, KEY, 0);
	path_is(&p, "/etc/zoomus.conf", "/etc/zoomus.conf");
	path_is(&p, "/", "/");
	path_is(&p, "", "");
	path_is(&p, "/srv/mail/alice@example.com.json", "/srv/mail/email-9f0c106c");
	/* Jibri: the room name goes, the time stays. */
	path_is(&p, "/srv/recordings/abc_def/AcmeBoard_2026-09-15-14-30-12.mp4",
		"/srv/recordings/abc_def/topic-f5853100_2026-09-15-14-30-12.mp4");
	path_is(&p, "/r/_2026-09-15-14-30-12.mp4", "/r/_2026-09-15-14-30-12.mp4");
	path_is(&p, "/r/AcmeBoard_2026-09-15-14-30.mp4", "/r/AcmeBoard_2026-09-15-14-30.mp4");
	/* GoTo names its recordings after the meeting. */
	{
		char *want = vc_pseudo_value(&p, "topic", "Weekly team 3");
		char *full = vc_asprintf("/Users/Shared/%s.G2M", want);

		path_is(&p, "/Users/Shared/Weekly team 3.G2M", full);
		free(full);
		full = vc_asprintf("/d/%s.webm", want);
		path_is(&p, "/d/Weekly team 3.webm", full);
		free(full);
		free(want);
	}
	path_is(&p, "/d/.g2m", "/d/.g2m");
	/* Zoom file names without a person stay. */
	path_is(&p, "/z/audio98796876.m4a", "/z/audio98796876.m4a");
	path_is(&p, "/z/audio_only_0.m4a", "/z/audio_only_0.m4a");
	path_is(&p, "/z/audio_only.m4a", "/z/audio_only.m4a");
	path_is(&p, "/z/video98796876.mp4", "/z/video98796876.mp4");
	path_is(&p, "/z/audioJohnSmith.m4a", "/z/audioJohnSmith.m4a");
	path_is(&p, "/z/audioJohnSmith98796876.m4a.tmp", "/z/audioname-09cfdf2498796876.m4a.tmp");
	path_is(&p, "/z/audio\xc3\x98rsted12.m4a", "/z/audioname-bdf8a77b12.m4a");
	/* A meeting folder needs the full time stamp and a topic. */
	path_is(&p, "/z/2026-09-15 14.30.12 ", "/z/2026-09-15 14.30.12 ");
	path_is(&p, "/z/2026-09-15 14.30 Acme", "/z/2026-09-15 14.30 Acme");
	path_is(&p, "/z/2026-09-15 14.30.12 Acme Weekly 81234567890/chat.txt",
		"/z/2026-09-15 14.30.12 topic-3bc0ff72/chat.txt");
	assert_null(vc_pseudo_path(&p, NULL));
}

/* Long and odd input neither crashes nor leaks the name. */
static void test_path_hostile(void **state)
{
	struct vc_pseudo p;
	char *big, *s;
	size_t i;

	(void)state;
	init(&p, KEY, 0);
	big = malloc(200001);
	assert_non_null(big);
	for (i = 0; i < 200000; i++)
		big[i] = i % 7 == 0 ? '/' : i % 11 == 0 ? '@' : 'a';
	big[200000] = 0;
	s = vc_pseudo_path(&p, big);
	assert_non_null(s);
	assert_null(strchr(s, '@'));
	free(s);
	memcpy(big, "/home/", 6);
	memset(big + 6, 'q', 100000);
	big[100006] = 0;
	s = vc_pseudo_path(&p, big);
	assert_int_equal(strlen(s), strlen("/home/user-12345678"));
	assert_null(strchr(s, 'q'));
	free(s);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_vectors),
		cmocka_unit_test(test_value_known),
		cmocka_unit_test(test_value_stability),
		cmocka_unit_test(test_key_sources),
		cmocka_unit_test(test_reveal),
		cmocka_unit_test(test_scope_matches_path),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_path_components),
		cmocka_unit_test(test_path_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
