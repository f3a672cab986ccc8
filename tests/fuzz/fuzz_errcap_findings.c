/* fuzz_errcap_findings: errcap's reader of JSON findings reports (errcap_doc_fuzz.h). */
#define FUZZ_DOC EC_DOC_FINDINGS
#include "errcap_doc_fuzz.h"
