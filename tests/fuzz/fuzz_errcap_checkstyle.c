/* fuzz_errcap_checkstyle: errcap's Checkstyle XML reader (errcap_doc_fuzz.h). */
#define FUZZ_DOC EC_DOC_CHECKSTYLE
#include "errcap_doc_fuzz.h"
