# Rust: rustc diagnostics (format rustc; the code such as E0425 in `type`),
# run-time panics (format rust), cargo.

rule undefined_name high lang:rust area:code action:fix-code
    format ^rustc$
    type ^E0(425|412|531|422|423|424|425|433)$
    !message use of (undeclared|unresolved) (crate|module)
    hint The name is not in scope: add the `use` the compiler suggests, or check the spelling and the crate feature that enables it.

rule import_error high lang:rust area:dependencies action:fix-deps
    format ^rustc$
    type ^E0(432|433|463)$

rule type_error high lang:rust area:types action:fix-code
    format ^rustc$
    type ^E0(308|277|061|107|053|271|282|283|369|599|614|618)$
    !message ^no (method|field) named
    hint Mismatched types: read the expected and found types in the note; convert explicitly (into, as, ?) or change the signature.

rule attribute_error high lang:rust area:code action:fix-code
    format ^rustc$
    message ^no (method|field|associated item) named|^no field `

rule ownership_error high lang:rust area:code action:fix-code
    format ^rustc$
    type ^E0(382|384|499|502|505|506|507|515|596|597|716|106|373|621)$
    hint The borrow checker refuses this use: clone where a copy is cheap, shorten the borrow's scope, or restructure so one owner mutates at a time.

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
    hint Linking failed: a native library is missing (install its -dev package) or a build script did not tell cargo where it is.

rule build_failure medium lang:rust area:build action:follow-up
    format ^(rustc|rust)$
    message ^could not compile `

rule missing_dependency high lang:rust area:dependencies action:fix-deps
    format ^(rustc|rust)$
    message ^(failed to select a version for|no matching package named|failed to get `.*` as a dependency|failed to load manifest|failed to download)
    hint A crate cannot be resolved: check the name and version in Cargo.toml, and that the registry is reachable or vendored.

# run-time panics: the message is the panic payload
rule null_reference high lang:rust area:code action:fix-code
    format ^rust$
    message called `Option::(unwrap|expect)\(\)` on a `None` value|^called `Option::unwrap
    hint unwrap() or expect() hit None or Err: handle the case with match or ?, and give expect a message that says what was assumed.

rule index_error high lang:rust area:code action:fix-code
    format ^rust$
    message index out of bounds|range (start|end) index .* out of range|byte index .* is (out of bounds|not a char boundary)
    hint An index is out of bounds: use get() and handle None, or check len() first.

rule arithmetic_error high lang:rust area:code action:fix-code
    format ^rust$
    message attempt to (add|subtract|multiply|divide|negate|shift (left|right)|calculate the remainder)( with (an? )?(overflow|divisor of zero)| by zero)
    hint Integer overflow or division by zero (checked in debug builds): use checked_*/wrapping_* arithmetic or a wider type.

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
    hint The borrow checker refuses this use: clone where a copy is cheap, shorten the borrow's scope, or restructure so one owner mutates at a time.

rule test_failure high lang:rust area:tests action:fix-code
    format ^(rust|rustc)$
    message|text ^test result: FAILED|^error: test failed
