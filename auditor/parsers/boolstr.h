#ifndef VC_BOOLSTR_H
#define VC_BOOLSTR_H
/*
 * The one boolean reader for configuration values (PRODUCTS §0.1):
 * trims white space and accepts 1/0, yes/no, true/false, on/off in any
 * case. Returns 0 and sets *out, or VC_EPARSE for anything else.
 */
int vc_bool_parse(int *out, const char *s);
#endif
