/* groups: fingerprint → group, open addressing, insertion order kept. */
#include "groups.h"
#include "et_cli.h"
#include "et_hash.h"
#include "et_utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct eh_groups {
	eh_group **list;        /* in order of first appearance */
	size_t n, cap;
	uint32_t *slot;         /* index + 1 into list; 0 = empty */
	size_t nslot;           /* a power of two */
};

eh_groups *eh_groups_new(void)
{
	eh_groups *g = et_xcalloc(1, sizeof *g);
	g->nslot = 1024;
	g->slot = et_xcalloc(g->nslot, sizeof *g->slot);
	return g;
}

void eh_groups_free(eh_groups *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->n; i++) {
		free(g->list[i]->raw);
		free(g->list[i]->days);
		for (size_t k = 0; k < g->list[i]->nlocs; k++)
			free(g->list[i]->locs[k]);
		free(g->list[i]->lochash);
		free(g->list[i]);
	}
	free(g->list);
	free(g->slot);
	free(g);
}

static size_t home(uint64_t fp, size_t nslot)
{
	/* fingerprints are already well mixed */
	return (size_t)(fp ^ (fp >> 29)) & (nslot - 1);
}

static void rehash(eh_groups *g)
{
	size_t nslot = g->nslot * 2;
	uint32_t *slot = et_xcalloc(nslot, sizeof *slot);
	for (size_t i = 0; i < g->n; i++) {
		size_t h = home(g->list[i]->fp, nslot);
		while (slot[h])
			h = (h + 1) & (nslot - 1);
		slot[h] = (uint32_t)(i + 1);
	}
	free(g->slot);
	g->slot = slot;
	g->nslot = nslot;
}

eh_group *eh_groups_find(eh_groups *g, uint64_t fp)
{
	size_t h = home(fp, g->nslot);
	while (g->slot[h]) {
		eh_group *gr = g->list[g->slot[h] - 1];
		if (gr->fp == fp)
			return gr;
		h = (h + 1) & (g->nslot - 1);
	}
	return NULL;
}

eh_group *eh_groups_get(eh_groups *g, uint64_t fp, int *created)
{
	size_t h;
	eh_group *gr = eh_groups_find(g, fp);
	*created = 0;
	if (gr)
		return gr;
	if ((g->n + 1) * 2 > g->nslot)
		rehash(g);
	if (g->n == UINT32_MAX - 1)
		et_die("too many distinct fingerprints");
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 256;
		g->list = et_xrealloc(g->list, g->cap * sizeof *g->list);
	}
	gr = et_xcalloc(1, sizeof *gr);
	gr->fp = fp;
	g->list[g->n++] = gr;
	h = home(fp, g->nslot);
	while (g->slot[h])
		h = (h + 1) & (g->nslot - 1);
	g->slot[h] = (uint32_t)g->n;
	*created = 1;
	return gr;
}

size_t eh_groups_count(const eh_groups *g) { return g->n; }

eh_group *eh_groups_at(eh_groups *g, size_t i) { return g->list[i]; }

void eh_group_set_raw(eh_group *gr, const char *raw, size_t n, int has_ours)
{
	free(gr->raw);
	gr->raw = et_xstrndup(raw, n);
	gr->rawlen = n;
	gr->raw_has_ours = has_ours;
}

void eh_group_add_day(eh_group *gr, double t, uint64_t n)
{
	int32_t day = (int32_t)floor(t / 86400.0);
	for (size_t i = gr->ndays; i-- > 0;)
		if (gr->days[i].day == day) {
			gr->days[i].n += n;
			return;
		}
	if (gr->ndays == gr->capdays) {
		gr->capdays = gr->capdays ? gr->capdays * 2 : 2;
		gr->days = et_xrealloc(gr->days, gr->capdays * sizeof *gr->days);
	}
	gr->days[gr->ndays].day = day;
	gr->days[gr->ndays].n = n;
	gr->ndays++;
}

/* Puts loc into the sorted list of the first EH_LOCS_SHOWN; 1 when it was not there. */
static int list_location(eh_group *gr, const char *loc, size_t n)
{
	size_t i = 0;
	int c = 1;
	for (; i < gr->nlocs; i++) {
		size_t m = strlen(gr->locs[i]);
		c = memcmp(gr->locs[i], loc, m < n ? m : n);
		if (!c)
			c = m < n ? -1 : m > n;
		if (c >= 0)
			break;
	}
	if (i < gr->nlocs && c == 0)
		return 0;
	if (i == EH_LOCS_SHOWN)
		return 1;
	if (gr->nlocs == EH_LOCS_SHOWN)
		free(gr->locs[--gr->nlocs]);
	memmove(&gr->locs[i + 1], &gr->locs[i], (gr->nlocs - i) * sizeof *gr->locs);
	gr->locs[i] = et_xstrndup(loc, n);
	gr->nlocs++;
	return 1;
}

/* Adds h to the group's set; 1 when it was new. */
static int set_add(eh_group *gr, uint64_t h)
{
	size_t k;
	if (!h)
		h = 1;
	if (gr->nlochash && gr->loc_count * 2 < gr->nlochash) {
		for (k = (size_t)h & (gr->nlochash - 1); gr->lochash[k]; k = (k + 1) & (gr->nlochash - 1))
			if (gr->lochash[k] == h)
				return 0;
		gr->lochash[k] = h;
		return 1;
	}
	/* grow: twice the size, everything re-inserted */
	size_t nsize = gr->nlochash ? gr->nlochash * 2 : 8;
	uint64_t *t = et_xcalloc(nsize, sizeof *t), *old = gr->lochash;
	for (size_t i = 0; i < gr->nlochash; i++) {
		if (!old[i])
			continue;
		for (k = (size_t)old[i] & (nsize - 1); t[k]; k = (k + 1) & (nsize - 1))
			;
		t[k] = old[i];
	}
	free(old);
	gr->lochash = t;
	gr->nlochash = nsize;
	return set_add(gr, h);
}

void eh_group_add_location(eh_group *gr, const char *loc, size_t n)
{
	if (set_add(gr, et_hash64(loc, n)))
		gr->loc_count++;
	list_location(gr, loc, n);
}

void eh_group_merge_locations(eh_group *gr, const cJSON *locs, const cJSON *count)
{
	const cJSON *c;
	et_buf clean = ET_BUF_INIT;
	cJSON_ArrayForEach(c, locs) {
		if (!cJSON_IsString(c))
			continue;
		et_buf_reset(&clean);
		et_utf8_sanitize(&clean, c->valuestring, strlen(c->valuestring));
		list_location(gr, clean.buf, clean.len);
	}
	et_buf_release(&clean);
	if (cJSON_IsNumber(count) && count->valuedouble > (double)gr->loc_count &&
	    count->valuedouble < 1.8e19)
		gr->loc_count = (uint64_t)count->valuedouble;
	if (gr->nlocs > gr->loc_count)
		gr->loc_count = gr->nlocs;
}
