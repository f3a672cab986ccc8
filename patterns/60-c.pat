# C and C++: gcc and clang diagnostics (the -W flag of a warning in `type`),
# the linker (format ld), sanitizers (asan, ubsan; the report kind such as
# heap-use-after-free in `type`) and valgrind.

rule missing_header high lang:c area:dependencies action:fix-deps
    format ^(gcc|clang)$
    message \S+\.(h|hh|hpp|hxx|h\+\+|inc|tcc)'?: No such file or directory|'\S+' file not found
    message (?<header>[\w./+-]+\.(h|hh|hpp|hxx))'?: No such file or directory
    hint The header {header} is not on the include path: install the -dev package that ships it (apt-file search {header}) or add its directory with -I.

rule missing_header high lang:c area:dependencies action:fix-deps
    format ^(gcc|clang)$
    message \S+\.(h|hh|hpp|hxx|h\+\+|inc|tcc)'?: No such file or directory|'\S+' file not found
    hint A header is not on the include path: install the -dev package that ships it, or add its directory with -I.

rule syntax_error high lang:c area:syntax action:fix-code
    format ^(gcc|clang)$
    message ^(expected .*(before|after|at end of|in)\b|expected (expression|identifier|declaration|statement|unqualified-id|'.')|stray '|missing terminating . character|unterminated (comment|conditional directive)|extraneous closing brace|invalid preprocessing directive|#error)
    hint The compiler could not parse the code at the position shown: the real mistake is often just before it (a missing semicolon or brace, or a macro).

rule undefined_name high lang:c area:code action:fix-code
    format ^(gcc|clang)$
    message (undeclared( \(first use in this function\)| identifier)|was not declared in this scope|use of undeclared (identifier|label)|unknown type name|does not name a type|implicit declaration of function|call to undeclared function|is not a member of|no type named|has not been declared)
    hint The name is not declared here: include the header that declares it, check the spelling, and declare functions before use (C99 has no implicit declarations).

rule undefined_name high lang:c area:code action:fix-code
    format ^(gcc|clang)$
    type ^-W(implicit-function-declaration|implicit-int)$
    hint The name is not declared here: include the header that declares it, check the spelling, and declare functions before use (C99 has no implicit declarations).

rule attribute_error high lang:c area:code action:fix-code
    format ^(gcc|clang)$
    message has no member named|no member named .* in
    hint The struct or class has no such member: check the member's name and the type of the expression (a pointer needs ->).

rule type_error high lang:c area:types action:fix-code
    format ^(gcc|clang)$
    level ^(error|fatal)$
    message (incompatible (types|type for argument)|invalid conversion from|cannot convert|no matching (function|constructor|member function) for call|no viable (conversion|overloaded)|conflicting types for|too (many|few) arguments to function|invalid operands to binary|cannot initialize (a (variable|parameter|return object)|an? )|request for member .* in .* which is of non-class type|void value not ignored)
    hint Incompatible types at a call or assignment: compare the declaration and the use; an explicit cast hides the problem rather than fixing it.

rule unused_code low lang:c area:warnings action:review
    format ^(gcc|clang)$
    type ^-Wunused(-\w+)*$
    hint Unused code: remove it, or mark it (void)x or [[maybe_unused]] when it is needed on another configuration.

rule uninitialized_variable medium lang:c area:code action:fix-code
    format ^(gcc|clang)$
    type ^-W(maybe-|sometimes-)?uninitialized$
    hint A variable may be read before it is set on some path: initialise it at the declaration.

rule deprecation low lang:c area:warnings action:review
    format ^(gcc|clang)$
    type ^-Wdeprecated(-\w+)*$

rule format_warning medium lang:c area:code action:fix-code
    format ^(gcc|clang)$
    type ^-Wformat(-\w+)*(=\d*)?$
    hint The printf-style format and its arguments disagree: use the conversion for the argument's type (%zu for size_t, PRId64 for int64_t).

rule conversion_warning low lang:c area:types action:review
    format ^(gcc|clang)$
    type ^-W(conversion|sign-compare|sign-conversion|float-conversion|int-conversion|incompatible-pointer-types|pointer-sign|narrowing|c\+\+11-narrowing|shorten-64-to-32|implicit-int-conversion|enum-conversion|pointer-to-int-cast|int-to-pointer-cast|discarded-qualifiers|cast-qual)$

rule memory_safety medium lang:c area:memory action:fix-code
    format ^(gcc|clang)$
    type ^-W(array-bounds|stringop-overflow|stringop-overread|stringop-truncation|use-after-free|free-nonheap-object|dangling-pointer|return-local-addr|return-stack-address|null-dereference|nonnull)(=\d*)?$
    hint A memory access outside what was allocated (or after it was freed): the sanitizer's stacks show the access, the allocation and the free; fix the bound or the lifetime, not the symptom.

# the linker (errcap: format ld; gcc/clang print some of its messages too)
rule link_error high lang:c area:build action:fix-deps
    format ^(ld|gcc|clang)$
    message|type ^cannot find -l|library not found for -l|cannot find .*\.(so|a)\b|error while loading shared libraries|^cannot find library$|unable to find library -l
    hint The linker cannot find a definition: add the library (-lNAME, in the right order after the objects that use it) or the source file that defines it to the build.

rule link_error high lang:c area:build action:fix-code
    format ^(ld|gcc|clang)$
    message|type (undefined reference|multiple definition|duplicate symbols?|Undefined symbols for architecture|symbol\(s\) not found|relocation truncated to fit|undefined symbol:|ld returned \d+ exit status|linker command failed)
    hint The linker cannot find a definition: add the library (-lNAME, in the right order after the objects that use it) or the source file that defines it to the build.

# sanitizers
rule data_race critical lang:c area:concurrency action:fix-code
    format ^(asan|ubsan)$
    type|message (?i)data.race
    hint ThreadSanitizer saw two threads touch the same memory without synchronisation: both stacks are in the report; add a lock or an atomic.

rule deadlock critical lang:c area:concurrency action:fix-code
    format ^asan$
    type|message (?i)lock-order-inversion|deadlock

rule memory_leak medium lang:c area:memory action:fix-code
    format ^(asan|valgrind)$
    type|message (?i)detected memory leaks|memory.leak|definitely lost|indirectly lost
    hint Memory allocated here is never freed: the allocation stack shows where; free it on every path (one cleanup label), or give it an owner.

rule out_of_memory critical lang:c area:resources action:infra
    format ^asan$
    type|message (?i)allocation-size-too-big|out-of-memory|allocator is out of memory|rss-limit-exceeded|malloc-limit

# Rust's allocation-failure handler aborts the process: the sanitizer sees an
# ABRT whose stack goes through it ("memory allocation of N bytes failed")
rule out_of_memory critical lang:rust area:resources action:infra
    format ^asan$
    frames.function ^((std|alloc)::alloc::)?(rust_oom|handle_alloc_error|__rg_oom|__rust_alloc_error_handler)\b
    hint An allocation failed and Rust aborted: the frames above the allocator show which size was asked for; a size computed from untrusted input needs a bound before it is allocated.

rule stack_overflow high lang:c area:code action:fix-code
    format ^asan$
    type|message (?i)stack-overflow
    hint The stack overflowed: look for unbounded recursion or a huge local array; move big buffers to the heap.

rule memory_safety critical lang:c area:memory action:fix-code
    format ^asan$
    type|message (?i)(heap|stack|global|container|dynamic-stack)-buffer-(overflow|underflow)|use-after-(free|return|scope|poison)|double-free|alloc-dealloc-mismatch|new-delete-type-mismatch|bad-free|invalid-free|param-overlap|SEGV|negative-size-param|calloc-overflow|unknown-crash|BUS|use-of-uninitialized-value|wild-(jump|addr)|container-overflow|tag-mismatch|invalid-pointer-pair
    hint A memory access outside what was allocated (or after it was freed): the sanitizer's stacks show the access, the allocation and the free; fix the bound or the lifetime, not the symptom.

rule undefined_behavior high lang:c area:code action:fix-code
    format ^ubsan$
    hint Undefined behaviour at the line shown (overflow, bad shift, misaligned or null access): fix the expression so it is defined for every input.

rule data_race critical lang:c area:concurrency action:fix-code
    format ^valgrind$
    type ^(Race|HappensBefore)$|^Possible data race
    hint ThreadSanitizer saw two threads touch the same memory without synchronisation: both stacks are in the report; add a lock or an atomic.

rule deadlock critical lang:c area:concurrency action:fix-code
    format ^valgrind$
    type ^LockOrder$

rule memory_leak medium lang:c area:memory action:fix-code
    format ^valgrind$
    type ^Leak_
    hint Memory allocated here is never freed: the allocation stack shows where; free it on every path (one cleanup label), or give it an owner.

rule crash critical lang:c area:runtime action:fix-code
    format ^(asan|valgrind)$
    type ^(ABRT|SIGSEGV|SIGABRT|SIGBUS|SIGILL|SIGFPE|deadly signal|fuzz target exited)$
    hint The program crashed: run it under the debugger or a sanitizer build to get the faulting stack, then fix the access at the innermost frame of your code.

rule memory_safety critical lang:c area:memory action:fix-code
    format ^valgrind$
    type ^(Invalid\w+|MismatchedFree|Uninit\w+|Overlap|SyscallParam|FishyValue|ClientCheck)$
    hint A memory access outside what was allocated (or after it was freed): the sanitizer's stacks show the access, the allocation and the free; fix the bound or the lifetime, not the symptom.

rule memory_safety critical lang:c area:memory action:fix-code
    format ^valgrind$
    message (?i)^invalid (read|write|free)|mismatched free|source and destination overlap|uninitialised|jump to the invalid address|Process terminating with default action of signal
    hint A memory access outside what was allocated (or after it was freed): the sanitizer's stacks show the access, the allocation and the free; fix the bound or the lifetime, not the symptom.

# C and C++ at run time
rule assertion_failure high lang:c area:tests action:fix-code
    !format ^(python|pytest|java|javac|maven|gradle|go|gotest|rustc|rust|node|tsc|eslint|jest)$
    message|text Assertion [`'].*' failed\.?$|\bassertion "?.*"? failed: file
    hint An assertion did not hold: the message names the condition and the line; find which input or state made it false.

rule index_error high lang:cpp area:code action:fix-code
    !format ^(python|pytest|java|javac|maven|gradle|go|gotest|rustc|rust|node|tsc|eslint|jest)$
    message|text terminate called after throwing an instance of 'std::(out_of_range|length_error)'

rule crash critical lang:cpp area:runtime action:fix-code
    !format ^(python|pytest|java|javac|maven|gradle|go|gotest|rustc|rust|node|tsc|eslint|jest)$
    message|text terminate called (after throwing an instance of|without an active exception)|pure virtual method called|libc\+\+abi: terminating
    hint The program crashed: run it under the debugger or a sanitizer build to get the faulting stack, then fix the access at the innermost frame of your code.

# Chromium's and V8's crash handler ("Received signal 11 SEGV_MAPERR").
rule crash critical lang:cpp area:runtime action:fix-code
    format ^chromium-signal$
    hint The program crashed on a signal: symbolise the stack (or run a sanitizer build) to find the faulting frame, then fix the access there.
