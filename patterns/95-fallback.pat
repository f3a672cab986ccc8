# Last resort, after 85-system.pat and 90-generic.pat: whatever a tool
# reports that no earlier rule recognised, by format and level (a compiler
# error, a compiler warning, a panic, a failed test). Coming last lets the
# earlier files recognise a full disk or a refused connection first.

rule test_failure high lang:python area:tests action:fix-code
    format ^(pytest|unittest)$
    level ^(error|fatal)$

rule compiler_warning low lang:java area:warnings action:review
    format ^javac$
    level ^warning$

rule compile_error high lang:java area:code action:fix-code
    format ^javac$
    level ^(error|fatal)$

rule test_failure high lang:go area:tests action:fix-code
    format ^gotest$
    message|text ^--- FAIL|^FAIL\b|_test\.go:\d+:

rule panic high lang:go area:runtime action:fix-code
    format ^(go|gotest)$
    message|text ^(panic: |fatal error: )

rule compiler_warning low lang:rust area:warnings action:review
    format ^rustc$
    level ^warning$

rule compile_error high lang:rust area:code action:fix-code
    format ^rustc$
    level ^(error|fatal)$

rule panic high lang:rust area:runtime action:fix-code
    format ^rust$

rule lint_warning low lang:js area:style action:review
    format ^eslint$

rule test_failure high lang:js area:tests action:fix-code
    format ^(jest|mocha)$
    level ^(error|fatal)$

rule compiler_warning low lang:c area:warnings action:review
    format ^(gcc|clang)$
    level ^warning$

rule compile_error high lang:c area:code action:fix-code
    format ^(gcc|clang)$
    level ^(error|fatal)$

rule link_error high lang:c area:build action:fix-code
    format ^ld$
    level ^(error|fatal)$

rule compiler_warning low lang:c area:warnings action:review
    format ^ld$
    level ^warning$

rule runtime_warning low lang:perl area:warnings action:review
    format ^perl$
    level ^warning$

# An exception group (Python 3.11 ExceptionGroup / BaseExceptionGroup, or
# .NET's AggregateException) is categorised by its members when the
# cross-language rules above found nothing: one category for the group.
rule exception_group high lang:python area:code action:fix-code
    type (^|\.)(Base)?ExceptionGroup$|(^|\.)AggregateException$
    causes.relation ^group$
    hint Several exceptions were raised together (the causes list each with its own frames): fix them one by one, starting with the first; they often share one cause.

# Perl's die with a message of the program's own (the cross-language rules
# above know the common conditions such as a missing file).
rule explicit_die medium lang:perl area:code action:fix-code
    format ^perl$
    type ^die$
    hint The program stopped itself with die: the message (or the line named) says which check failed; look at what the code tested just before.

rule explicit_die medium lang:perl area:code action:fix-code
    format ^perl$
    !type .
    level ^(error|fatal)$
    hint The program stopped itself with die: the message (or the line named) says which check failed; look at what the code tested just before.
