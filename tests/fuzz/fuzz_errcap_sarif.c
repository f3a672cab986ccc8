/* fuzz_errcap_sarif: errcap's SARIF 2.1.0 reader (errcap_doc_fuzz.h). */
#define FUZZ_DOC EC_DOC_SARIF
#include "errcap_doc_fuzz.h"
