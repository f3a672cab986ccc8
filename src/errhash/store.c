/* store: errhash's groups into et_store's entries. */
#include "store.h"
#include "et_cli.h"
#include "et_hash.h"
#include "et_store.h"
#include "et_time.h"

#include <stdlib.h>
#include <string.h>

struct eh_store {
	et_store *st;
	int read_only;
};

eh_store *eh_store_open(const char *name, int read_only)
{
	eh_store *s = et_xcalloc(1, sizeof *s);
	s->read_only = read_only;
	s->st = et_store_open(name, read_only ? ET_STORE_READONLY : 0);
	if (!s->st)
		exit(ET_EXIT_TROUBLE);
	return s;
}

void eh_store_close(eh_store *s)
{
	if (!s)
		return;
	et_store_close(s->st);
	free(s);
}

const char *eh_store_peek(eh_store *s, uint64_t fp)
{
	char hex[17];
	int status;
	et_hash_hex(fp, hex);
	status = et_store_status(s->st, hex);
	if (status < 0) {
		et_trouble = 1;
		return NULL;
	}
	return et_store_status_name(status);
}

int eh_store_commit(eh_store *s, eh_groups *g, double now, uint64_t records)
{
	size_t n = eh_groups_count(g), nd = 0;
	et_store_entry *e;
	et_store_day *d;
	double started = now;
	char start[32];
	int rc = 0;

	if (s->read_only) {
		for (size_t i = 0; i < n; i++) {
			eh_group *gr = eh_groups_at(g, i);
			if (!(gr->status = eh_store_peek(s, gr->fp)))
				return -1;
		}
		return 0;
	}
	e = et_xcalloc(n ? n : 1, sizeof *e);
	for (size_t i = 0; i < n; i++) {
		eh_group *gr = eh_groups_at(g, i);
		et_hash_hex(gr->fp, e[i].fingerprint);
		et_time_format(gr->first, e[i].first_seen);
		et_time_format(gr->last, e[i].last_seen);
		e[i].count = gr->count;
		e[i].record = gr->raw;
		e[i].recordlen = gr->rawlen;
		nd += gr->ndays;
		if (i == 0 || gr->first < started)
			started = gr->first;
	}
	d = et_xcalloc(nd ? nd : 1, sizeof *d);
	nd = 0;
	for (size_t i = 0; i < n; i++) {
		eh_group *gr = eh_groups_at(g, i);
		for (size_t k = 0; k < gr->ndays; k++, nd++) {
			d[nd].fingerprint = e[i].fingerprint;
			et_time_day((double)gr->days[k].day * 86400.0, d[nd].day);
			d[nd].count = gr->days[k].n;
		}
	}
	et_time_format(started, start);
	if (et_store_commit(s->st, e, n, d, nd, start, records))
		rc = -1;
	else
		for (size_t i = 0; i < n; i++)
			eh_groups_at(g, i)->status = et_store_status_name(e[i].status);
	free(e);
	free(d);
	return rc;
}

int eh_store_prune(eh_store *s, double now, double days)
{
	char cut[32], cutday[16];
	double t = now - days * 86400.0;
	et_time_format(t, cut);
	et_time_day(t, cutday);
	return et_store_prune(s->st, cut, cutday);
}
