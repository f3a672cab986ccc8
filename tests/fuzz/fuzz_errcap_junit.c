/* fuzz_errcap_junit: errcap's JUnit XML reader (errcap_doc_fuzz.h). */
#define FUZZ_DOC EC_DOC_JUNIT
#include "errcap_doc_fuzz.h"
