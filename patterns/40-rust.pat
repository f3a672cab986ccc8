# Rust: rustc diagnostics (format rustc; the code such as E0425 in `type`),
# run-time panics (format rust), cargo.

rule undefined_name high lang:rust area:code action:fix-code
    format ^rustc$
    type ^E0(425|412|531|422|423|424|425|433)$
    !message use of (undeclared|unresolved) (crate|module)

rule import_error high lang:rust area:dependencies action:fix-deps
    format ^rustc$
    type ^E0(432|433|463)$

rule type_error high lang:rust area:types action:fix-code
    format ^rustc$
    type ^E0(308|277|061|107|053|271|282|283|369|599|614|618)$
    !message ^no (method|field) named

rule attribute_error high lang:rust area:code action:fix-code
    format ^rustc$
    message ^no (method|field|associated item) named|^no field `

rule ownership_error high lang:rust area:code action:fix-code
    format ^rustc$
    type ^E0(382|384|499|502|505|506|507|515|596|597|716|106|373|621)$

rule unused_code low lang:rust area:warnings action:review
    format ^rustc$
    message|type ^(unused (variable|import|mut|must be used|result|doc comment)|unused_\w+|dead_code|(function|method|struct|field|constant|variant|enum|associated function) .*is never (used|read|constructed)|variable does not need to be mutable)

rule deprecation low lang:rust area:warnings action:review
    format ^rustc$
    message|type ^use of deprecated|^deprecated

rule syntax_error high lang:rust area:syntax action:fix-code
    format ^rustc$
    message ^(expected .*, found |expected one of |unexpected (closing delimiter|token)|this file contains an unclosed delimiter|mismatched closing delimiter|unterminated (double quote )?string)

rule link_error high lang:rust area:build action:fix-deps
    format ^(rustc|rust)$
    message ^linking with `.*` failed

rule build_failure medium lang:rust area:build action:follow-up
    format ^(rustc|rust)$
    message ^could not compile `

rule missing_dependency high lang:rust area:dependencies action:fix-deps
    format ^(rustc|rust)$
    message ^(failed to select a version for|no matching package named|failed to get `.*` as a dependency|failed to load manifest|failed to download)

# run-time panics: the message is the panic payload
rule null_reference high lang:rust area:code action:fix-code
    format ^rust$
    message called `Option::(unwrap|expect)\(\)` on a `None` value|^called `Option::unwrap

rule index_error high lang:rust area:code action:fix-code
    format ^rust$
    message index out of bounds|range (start|end) index .* out of range|byte index .* is (out of bounds|not a char boundary)

rule arithmetic_error high lang:rust area:code action:fix-code
    format ^rust$
    message attempt to (add|subtract|multiply|divide|negate|shift (left|right)|calculate the remainder)( with (an? )?(overflow|divisor of zero)| by zero)

rule assertion_failure high lang:rust area:tests action:fix-code
    format ^rust$
    message ^assertion( `left (==|!=) right`)? failed|^assertion failed:

rule not_implemented medium lang:rust area:code action:fix-code
    format ^rust$
    message ^not (yet )?implemented|^internal error: entered unreachable code

rule stack_overflow high lang:rust area:code action:fix-code
    format ^rust$
    message|text has overflowed its stack

rule ownership_error high lang:rust area:concurrency action:fix-code
    format ^rust$
    message already (mutably )?borrowed|BorrowMutError|BorrowError|PoisonError

rule test_failure high lang:rust area:tests action:fix-code
    format ^(rust|rustc)$
    message|text ^test result: FAILED|^error: test failed
