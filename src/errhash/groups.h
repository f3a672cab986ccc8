/*
 * groups: one entry per fingerprint seen in this run, kept in order of first
 * appearance. Memory grows with the number of distinct fingerprints only:
 * each group holds its counters and one record (the representative: the
 * first occurrence, or in --merge the earliest) as its raw JSON text.
 */
#ifndef EH_GROUPS_H
#define EH_GROUPS_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

typedef struct {
	int32_t day;            /* days since 1970-01-01, UTC */
	uint64_t n;
} eh_day;

/* how many distinct locations a group lists (the rest are counted) */
#define EH_LOCS_SHOWN 5

typedef struct {
	uint64_t fp;
	uint64_t count;
	double first, last;     /* seconds since the epoch */
	char *raw;              /* representative record: valid UTF-8 JSON object */
	size_t rawlen;
	int raw_has_ours;       /* raw already holds a field errhash writes */
	eh_day *days;           /* occurrences per UTC day (for --db) */
	size_t ndays, capdays;
	const char *status;     /* with --db: "new", "recurring", "regressed" */
	/* distinct locations ("file:line"): the first EH_LOCS_SHOWN in byte order */
	char *locs[EH_LOCS_SHOWN];
	size_t nlocs;
	uint64_t loc_count;     /* distinct locations seen (after --merge: at least) */
	uint64_t *lochash;      /* a set of the locations seen, by hash (0 = empty) */
	size_t nlochash;        /* its size, a power of two, or 0 */
} eh_group;

typedef struct eh_groups eh_groups;

eh_groups *eh_groups_new(void);
void eh_groups_free(eh_groups *g);

/* The group of fp, made (zeroed but for fp) when missing; *created says so. */
eh_group *eh_groups_get(eh_groups *g, uint64_t fp, int *created);

/* The group of fp, or NULL. */
eh_group *eh_groups_find(eh_groups *g, uint64_t fp);

size_t eh_groups_count(const eh_groups *g);

/* The i-th group in order of first appearance. */
eh_group *eh_groups_at(eh_groups *g, size_t i);

/* Replaces the group's representative with raw[0..n). */
void eh_group_set_raw(eh_group *gr, const char *raw, size_t n, int has_ours);

/*
 * Counts an occurrence at loc[0..n) ("file:line"): the group lists it when
 * it is among the first EH_LOCS_SHOWN distinct ones in byte order, and
 * counts it in loc_count when new.
 */
void eh_group_add_location(eh_group *gr, const char *loc, size_t n);

/*
 * --merge: takes in a shard's `locations` (an array of strings) and
 * `location_count`; loc_count becomes the largest of the counts and of the
 * listed locations (so merging is associative and commutative).
 */
void eh_group_merge_locations(eh_group *gr, const cJSON *locs, const cJSON *count);

/* Counts n occurrences at time t on t's UTC day. */
void eh_group_add_day(eh_group *gr, double t, uint64_t n);

#endif
