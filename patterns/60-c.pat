# C and C++: gcc and clang diagnostics (the -W flag of a warning in `type`),
# the linker (format ld), sanitizers (asan, ubsan; the report kind such as
# heap-use-after-free in `type`) and valgrind.

rule missing_header high lang:c area:dependencies action:fix-deps
    format ^(gcc|clang)$
    message \S+\.(h|hh|hpp|hxx|h\+\+|inc|tcc)'?: No such file or directory|'\S+' file not found

rule syntax_error high lang:c area:syntax action:fix-code
    format ^(gcc|clang)$
    message ^(expected .*(before|after|at end of|in)\b|expected (expression|identifier|declaration|statement|unqualified-id|'.')|stray '|missing terminating . character|unterminated (comment|conditional directive)|extraneous closing brace|invalid preprocessing directive|#error)

rule undefined_name high lang:c area:code action:fix-code
    format ^(gcc|clang)$
    message (undeclared( \(first use in this function\)| identifier)|was not declared in this scope|use of undeclared (identifier|label)|unknown type name|does not name a type|implicit declaration of function|call to undeclared function|is not a member of|no type named|has not been declared)

rule undefined_name high lang:c area:code action:fix-code
    format ^(gcc|clang)$
    type ^-W(implicit-function-declaration|implicit-int)$

rule attribute_error high lang:c area:code action:fix-code
    format ^(gcc|clang)$
    message has no member named|no member named .* in

rule type_error high lang:c area:types action:fix-code
    format ^(gcc|clang)$
    level ^(error|fatal)$
    message (incompatible (types|type for argument)|invalid conversion from|cannot convert|no matching (function|constructor|member function) for call|no viable (conversion|overloaded)|conflicting types for|too (many|few) arguments to function|invalid operands to binary|cannot initialize (a (variable|parameter|return object)|an? )|request for member .* in .* which is of non-class type|void value not ignored)

rule unused_code low lang:c area:warnings action:review
    format ^(gcc|clang)$
    type ^-Wunused(-\w+)*$

rule uninitialized_variable medium lang:c area:code action:fix-code
    format ^(gcc|clang)$
    type ^-W(maybe-|sometimes-)?uninitialized$

rule deprecation low lang:c area:warnings action:review
    format ^(gcc|clang)$
    type ^-Wdeprecated(-\w+)*$

rule format_warning medium lang:c area:code action:fix-code
    format ^(gcc|clang)$
    type ^-Wformat(-\w+)*(=\d*)?$

rule conversion_warning low lang:c area:types action:review
    format ^(gcc|clang)$
    type ^-W(conversion|sign-compare|sign-conversion|float-conversion|int-conversion|incompatible-pointer-types|pointer-sign|narrowing|c\+\+11-narrowing|shorten-64-to-32|implicit-int-conversion|enum-conversion|pointer-to-int-cast|int-to-pointer-cast|discarded-qualifiers|cast-qual)$

rule memory_safety medium lang:c area:memory action:fix-code
    format ^(gcc|clang)$
    type ^-W(array-bounds|stringop-overflow|stringop-overread|stringop-truncation|use-after-free|free-nonheap-object|dangling-pointer|return-local-addr|return-stack-address|null-dereference|nonnull)(=\d*)?$

# the linker (errcap: format ld; gcc/clang print some of its messages too)
rule link_error high lang:c area:build action:fix-deps
    format ^(ld|gcc|clang)$
    message|type ^cannot find -l|library not found for -l|cannot find .*\.(so|a)\b|error while loading shared libraries|^cannot find library$|unable to find library -l

rule link_error high lang:c area:build action:fix-code
    format ^(ld|gcc|clang)$
    message|type (undefined reference|multiple definition|duplicate symbols?|Undefined symbols for architecture|symbol\(s\) not found|relocation truncated to fit|undefined symbol:|ld returned \d+ exit status|linker command failed)

# sanitizers
rule data_race critical lang:c area:concurrency action:fix-code
    format ^(asan|ubsan)$
    type|message (?i)data.race

rule deadlock critical lang:c area:concurrency action:fix-code
    format ^asan$
    type|message (?i)lock-order-inversion|deadlock

rule memory_leak medium lang:c area:memory action:fix-code
    format ^(asan|valgrind)$
    type|message (?i)detected memory leaks|memory.leak|definitely lost|indirectly lost

rule out_of_memory critical lang:c area:resources action:infra
    format ^asan$
    type|message (?i)allocation-size-too-big|out-of-memory|allocator is out of memory|rss-limit-exceeded|malloc-limit

rule stack_overflow high lang:c area:code action:fix-code
    format ^asan$
    type|message (?i)stack-overflow

rule memory_safety critical lang:c area:memory action:fix-code
    format ^asan$
    type|message (?i)(heap|stack|global|container|dynamic-stack)-buffer-(overflow|underflow)|use-after-(free|return|scope|poison)|double-free|alloc-dealloc-mismatch|new-delete-type-mismatch|bad-free|invalid-free|param-overlap|SEGV|negative-size-param|calloc-overflow|unknown-crash|BUS|use-of-uninitialized-value|wild-(jump|addr)

rule undefined_behavior high lang:c area:code action:fix-code
    format ^ubsan$

rule data_race critical lang:c area:concurrency action:fix-code
    format ^valgrind$
    type ^(Race|HappensBefore)$|^Possible data race

rule deadlock critical lang:c area:concurrency action:fix-code
    format ^valgrind$
    type ^LockOrder$

rule memory_leak medium lang:c area:memory action:fix-code
    format ^valgrind$
    type ^Leak_

rule crash critical lang:c area:runtime action:fix-code
    format ^(asan|valgrind)$
    type ^(ABRT|SIGSEGV|SIGABRT|SIGBUS|SIGILL|SIGFPE)$

rule memory_safety critical lang:c area:memory action:fix-code
    format ^valgrind$
    type ^(Invalid\w+|MismatchedFree|Uninit\w+|Overlap|SyscallParam|FishyValue|ClientCheck)$

rule memory_safety critical lang:c area:memory action:fix-code
    format ^valgrind$
    message (?i)^invalid (read|write|free)|mismatched free|source and destination overlap|uninitialised|jump to the invalid address|Process terminating with default action of signal

# C and C++ at run time
rule assertion_failure high lang:c area:tests action:fix-code
    !format ^(python|pytest|java|javac|maven|gradle|go|gotest|rustc|rust|node|tsc|eslint|jest)$
    message|text Assertion [`'].*' failed\.?$|\bassertion "?.*"? failed: file

rule index_error high lang:cpp area:code action:fix-code
    !format ^(python|pytest|java|javac|maven|gradle|go|gotest|rustc|rust|node|tsc|eslint|jest)$
    message|text terminate called after throwing an instance of 'std::(out_of_range|length_error)'

rule crash critical lang:cpp area:runtime action:fix-code
    !format ^(python|pytest|java|javac|maven|gradle|go|gotest|rustc|rust|node|tsc|eslint|jest)$
    message|text terminate called (after throwing an instance of|without an active exception)|pure virtual method called|libc\+\+abi: terminating
