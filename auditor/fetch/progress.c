/* A one-line progress display on stderr, only when stderr is a terminal. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "fetch.h"

static double now_s(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

void vc_progress_init(struct vc_progress *p)
{
	memset(p, 0, sizeof(*p));
	p->on = isatty(STDERR_FILENO);
}

void vc_progress_show(struct vc_progress *p, int force, const char *fmt, ...)
{
	char line[160];
	va_list ap;
	double t;

	if (!p->on)
		return;
	t = now_s();
	if (!force && p->shown && t - p->last < 0.1)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* \033[K clears what a longer previous line left */
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
	p->shown = 1;
	p->last = t;
}

void vc_progress_end(struct vc_progress *p)
{
	if (p->on && p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	p->shown = 0;
}
