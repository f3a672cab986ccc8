# Go: compiler errors (format go, message without the location), runtime
# panics and fatal errors (format go), `go test` failures (format gotest),
# and the race detector.

rule data_race critical lang:go area:concurrency action:fix-code
    format ^(go|gotest)$
    message|text (WARNING: DATA RACE|concurrent map (writes|read and map write|iteration and map write))
    hint Two goroutines access the same memory without synchronisation: the race report shows both stacks; protect the data with a mutex or a channel, or make it goroutine-local.

rule deadlock critical lang:go area:concurrency action:fix-code
    format ^(go|gotest)$
    message all goroutines are asleep - deadlock
    hint Every goroutine is blocked: look for a channel send or receive with no partner, or a WaitGroup never done.

rule timeout medium lang:go area:tests action:retry
    format ^(go|gotest)$
    message ^(panic: )?test timed out after

rule null_reference high lang:go area:code action:fix-code
    format ^(go|gotest)$
    message (invalid memory address or nil pointer dereference|assignment to entry in nil map)
    hint A nil pointer or map was dereferenced: check the error returned alongside the value before using it, and initialise maps with make.

rule index_error high lang:go area:code action:fix-code
    format ^(go|gotest)$
    message ^(runtime error: )?(index|slice bounds) out of range
    hint An index or slice bound is out of range: check len() before indexing.

rule arithmetic_error high lang:go area:code action:fix-code
    format ^(go|gotest)$
    message ^(runtime error: )?integer (divide by zero|overflow)

rule type_error high lang:go area:types action:fix-code
    format ^(go|gotest)$
    message ^(panic: )?(interface conversion:|cannot use .* as .* (value|type)|invalid operation: .*mismatched types|cannot convert|too (many|few) (arguments|return values)|not enough (arguments|return values)|.* does not implement )

rule stack_overflow high lang:go area:code action:fix-code
    format ^(go|gotest)$
    message (goroutine stack exceeds|^(fatal error: )?stack overflow$)

rule import_error high lang:go area:dependencies action:fix-deps
    format ^(go|gotest)$
    message (no required module provides package|cannot find package|package .* is not in (GOROOT|std)|could not import|cannot find module providing package)

rule missing_dependency high lang:go area:dependencies action:fix-deps
    format ^(go|gotest)$
    message (missing go\.sum entry|go\.mod file not found|unknown revision|verifying .*checksum mismatch|module .* found .* but does not contain package|updates to go\.mod needed)
    hint A module is missing from go.mod/go.sum: run `go mod tidy` and commit both files.

rule version_mismatch high lang:go area:dependencies action:fix-deps
    format ^(go|gotest)$
    message (requires go >= |go\.mod requires go|module requires Go)

rule unused_code medium lang:go area:code action:fix-code
    format ^(go|gotest)$
    message (declared and not used|imported and not used|declared but not used)
    hint Go rejects unused imports and variables: remove them, or use _ when the side effect is wanted.

rule undefined_name high lang:go area:code action:fix-code
    format ^(go|gotest)$
    message ^undefined: |(has no field or method|undefined \(type)
    hint The name is not declared in this package: check the spelling, the import, and exported (capitalised) names.

rule syntax_error high lang:go area:syntax action:fix-code
    format ^(go|gotest)$
    message ^syntax error:|^(expected|unexpected) |non-declaration statement outside function body

rule unused_code low lang:go area:warnings action:review
    format ^(go|gotest)$
    message ^unreachable code$|^self-assignment of|result of .* call not used$
    hint Go rejects unused imports and variables: remove them, or use _ when the side effect is wanted.

rule format_warning medium lang:go area:warnings action:fix-code
    format ^(go|gotest)$
    message ^(printf: )?\S+ format %\S* (has arg|reads arg|wrong type)|^(fmt\.\w+ )?call has arguments but no formatting directives
