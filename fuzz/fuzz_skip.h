#ifndef VC_FUZZ_SKIP_H
#define VC_FUZZ_SKIP_H
/*
 * For the engine targets (jsconfig, luaconfig): does the text hold a word
 * that lets a program run for as long as it likes? Such inputs still go
 * through the source scan, but the evaluation is skipped (see
 * fuzz/sandbox_inproc.c): in vcaudit only the forked sandbox's wall clock
 * stops them, and that clock cannot stop an in-process evaluation.
 */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

extern int vc_fuzz_sandbox_skip;

static inline int fz_word_at(const char *s, size_t n, size_t i, const char *w)
{
	size_t k = strlen(w);

	if (i + k > n || memcmp(s + i, w, k) != 0)
		return 0;
	if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_'))
		return 0;
	return i + k == n || !(isalnum((unsigned char)s[i + k]) || s[i + k] == '_');
}

/*
 * Length of a comment or quoted string starting at s[i] (0 if none there):
 * `--` and `--[[ ]]` for Lua, `//` and block comments for JavaScript, and
 * '...' or "..." for both. Template literals are code (they hold ${}).
 */
static inline size_t fz_inert(const char *s, size_t n, size_t i, int lua)
{
	size_t k = i;

	if (s[i] == '\'' || s[i] == '"') {
		for (k = i + 1; k < n && s[k] != s[i] && s[k] != '\n'; k++)
			if (s[k] == '\\')
				k++;
		return (k < n ? k + 1 : n) - i;
	}
	if (lua && i + 1 < n && s[i] == '-' && s[i + 1] == '-') {
		if (i + 3 < n && s[i + 2] == '[' && s[i + 3] == '[') {
			for (k = i + 4; k + 1 < n && !(s[k] == ']' && s[k + 1] == ']'); k++)
				;
			return (k + 1 < n ? k + 2 : n) - i;
		}
		for (k = i; k < n && s[k] != '\n'; k++)
			;
		return k - i;
	}
	if (!lua && i + 1 < n && s[i] == '/' && s[i + 1] == '/') {
		for (k = i; k < n && s[k] != '\n'; k++)
			;
		return k - i;
	}
	if (!lua && i + 1 < n && s[i] == '/' && s[i + 1] == '*') {
		for (k = i + 2; k + 1 < n && !(s[k] == '*' && s[k + 1] == '/'); k++)
			;
		return (k + 1 < n ? k + 2 : n) - i;
	}
	return 0;
}

/*
 * 1 when one of the NULL-terminated `words` occurs as a word, or one of
 * `seqs` anywhere, outside comments and quoted strings (which a program
 * can only turn into code through eval or load, themselves listed).
 */
static inline int fz_has_word(const char *s, size_t n, const char *const *words,
			      const char *const *seqs, int lua)
{
	size_t i, j, skip;

	for (i = 0; i < n; i++) {
		skip = fz_inert(s, n, i, lua);
		if (skip) {
			i += skip - 1;
			continue;
		}
		for (j = 0; words[j]; j++)
			if (fz_word_at(s, n, i, words[j]))
				return 1;
		for (j = 0; seqs[j]; j++)
			if (!strncmp(s + i, seqs[j], n - i < strlen(seqs[j]) ? n - i :
				     strlen(seqs[j])) && n - i >= strlen(seqs[j]))
				return 1;
	}
	return 0;
}

#endif
