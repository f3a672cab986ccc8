/* errstat maps: open addressing over XXH3 hashes; memory grows with keys only. */
#include "es.h"
#include "et_cli.h"
#include "et_hash.h"

#include <stdlib.h>
#include <string.h>

static void map_rehash(es_map *m, size_t ncap)
{
	uint32_t *s = et_xcalloc(ncap, sizeof *s);
	for (size_t id = 0; id < m->n; id++) {
		size_t i = (size_t)m->hashes[id] & (ncap - 1);
		while (s[i])
			i = (i + 1) & (ncap - 1);
		s[i] = (uint32_t)(id + 1);
	}
	free(m->slots);
	m->slots = s;
	m->cap = ncap;
}

static size_t map_lookup(const es_map *m, const char *k, size_t len, uint64_t h, size_t *slot)
{
	size_t i = (size_t)h & (m->cap - 1);
	for (;;) {
		uint32_t v = m->slots[i];
		if (!v) {
			*slot = i;
			return ES_NONE;
		}
		v--;
		if (m->hashes[v] == h && m->lens[v] == len && !memcmp(m->keys[v], k, len))
			return v;
		i = (i + 1) & (m->cap - 1);
	}
}

size_t es_map_find(const es_map *m, const char *k, size_t len)
{
	size_t slot;
	if (!m->cap)
		return ES_NONE;
	return map_lookup(m, k, len, et_hash64(k, len), &slot);
}

size_t es_map_get(es_map *m, const char *k, size_t len, int *added)
{
	uint64_t h = et_hash64(k, len);
	size_t slot, id;
	if (added)
		*added = 0;
	if (!m->cap)
		map_rehash(m, 64);
	id = map_lookup(m, k, len, h, &slot);
	if (id != ES_NONE)
		return id;
	if (m->n >= UINT32_MAX - 1)
		et_die("too many distinct values");
	if (m->n == m->kcap) {
		m->kcap = m->kcap ? m->kcap * 2 : 64;
		m->keys = et_xrealloc(m->keys, m->kcap * sizeof *m->keys);
		m->lens = et_xrealloc(m->lens, m->kcap * sizeof *m->lens);
		m->hashes = et_xrealloc(m->hashes, m->kcap * sizeof *m->hashes);
	}
	id = m->n++;
	m->keys[id] = et_xstrndup(k, len);
	m->lens[id] = len;
	m->hashes[id] = h;
	m->slots[slot] = (uint32_t)(id + 1);
	if (m->n * 4 >= m->cap * 3)
		map_rehash(m, m->cap * 2);
	if (added)
		*added = 1;
	return id;
}

void es_strv_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

void es_map_free(es_map *m)
{
	es_strv_free(m->keys, m->n);
	free(m->lens);
	free(m->hashes);
	free(m->slots);
	memset(m, 0, sizeof *m);
}

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static void set_insert(uint64_t *slots, size_t cap, uint64_t stored)
{
	size_t i = (size_t)mix(stored) & (cap - 1);
	while (slots[i])
		i = (i + 1) & (cap - 1);
	slots[i] = stored;
}

int es_set_add(es_set *s, uint64_t v)
{
	uint64_t stored = v + 1;
	size_t i;
	if (!s->cap) {
		s->cap = 64;
		s->slots = et_xcalloc(s->cap, sizeof *s->slots);
	}
	i = (size_t)mix(stored) & (s->cap - 1);
	while (s->slots[i]) {
		if (s->slots[i] == stored)
			return 0;
		i = (i + 1) & (s->cap - 1);
	}
	s->slots[i] = stored;
	if (++s->n * 4 >= s->cap * 3) {
		size_t ncap = s->cap * 2;
		uint64_t *ns = et_xcalloc(ncap, sizeof *ns);
		for (size_t j = 0; j < s->cap; j++)
			if (s->slots[j])
				set_insert(ns, ncap, s->slots[j]);
		free(s->slots);
		s->slots = ns;
		s->cap = ncap;
	}
	return 1;
}

void es_set_free(es_set *s)
{
	free(s->slots);
	memset(s, 0, sizeof *s);
}
