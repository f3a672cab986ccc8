/* explain.h: errcap --explain-line. */
#ifndef EC_EXPLAIN_H
#define EC_EXPLAIN_H

#include "driver.h"

/*
 * Writes to standard output, for the line text offered alone: for each
 * parser in table order whether a trigger literal is in it and whether
 * its start takes it (the location finder also says why, or why not),
 * which parser owns it, then the records errcap writes for it. Returns
 * 0 when a parser takes the line, 1 when none does.
 */
int ec_explain_line(const char *text, const ec_options *opt);

#endif
