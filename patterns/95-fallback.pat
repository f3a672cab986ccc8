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
    format ^(jest|mocha|vitest)$
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

# A warning flag of gcc-compatible compilers (-Wfoo) in `type` says what the
# record is whichever parser took the line (a generic `file:line: warning:`
# finder, a build tool wrapping the compiler).
rule unused_code low lang:c area:warnings action:review
    type ^-Wunused(-\w+)*$
    hint Unused code: remove it, or mark it (void)x or [[maybe_unused]] when it is needed on another configuration.

rule compiler_warning low lang:c area:warnings action:review
    type ^(?<type>-W[\w+=-]+)$
    level ^warning$
    hint A compiler warning ({type} names it): fix the code it points at; silence it with a pragma only where the code is right.

# Go's `file.go:L:C: message` shape is shared by the compiler and the
# analysers run like it (go vet, staticcheck, golint, gosec, golangci-lint).
# An analyser's check id (SA4006, S1011, ST1003, QF1001, U1000, G104; or a
# golangci-lint linter name) or its advice wording makes it a lint finding;
# any other such error is the compiler's.
rule lint_warning low lang:go area:style action:review
    format ^go$
    type ^(?<type>(SA|S|ST|QF|U|G)\d{3,4}|[a-z][a-z0-9]+)$
    hint A Go analyser's finding: its check id ({type}) is documented with the fix (staticcheck.io/docs/checks, golangci-lint linters); suppress one case with a //nolint or //lint:ignore comment saying why.

rule lint_warning low lang:go area:security action:review
    format ^go$
    message \(Rule:G\d+\b|^\[CWE-\d+\]
    hint A gosec finding: the rule id (G...) and CWE say what is unsafe; fix it, or mark a reviewed false positive with #nosec and a reason.

rule lint_warning low lang:go area:style action:review
    format ^go$
    message \bshould (have|be|replace|use|omit|not)\b|^(exported|comment on exported) |: use \S+|\bpossible (misuse|malformed)\b|\bdirect assignment to atomic\b|\bis never used\b|\bunreachable code\b
    hint A Go analyser's advice (vet, golint or a style checker): apply it, or keep the code when it is deliberate and say so in a comment.

rule compile_error high lang:go area:code action:fix-code
    format ^go$
    file \.go$
    level ^(error|fatal)$
    hint The Go compiler rejected this line: the message names the identifier or type it could not accept; go build ./... shows every error of the package.

# A warning that names a file and that nothing above recognised, from a
# linter or a compiler errtools has no rules of its own for (hlint, Error
# Prone under Maven, a generic `file:line: warning:` finder): a finding to
# review.
rule lint_warning low area:style action:review
    level ^warning$
    file .
    format ^(diagnostic|maven|gradle|log)$
    hint A tool's warning about this file: read what it suggests and fix it, or switch the check off in the tool's configuration when it does not apply.

# An error at a line of a source file from a tool no format names (the
# location finder's GNU form `file:L:C: message`: an old compiler, a linter
# run in CI): the code at that line is what to change.
rule compile_error high area:code action:fix-code
    level ^(error|fatal)$
    line .
    format ^diagnostic$
    hint A tool rejected this line of the file: its message says what it wants; the tool's name is in the record's text or the command that ran it.

# An uncaught exception of a runtime whose class no rule above knows (an
# exception of the program's own, a library's): the traceback parsers only
# write records for exceptions that ended the program or a test, so it is
# what `panic` means.
rule panic high area:runtime action:fix-code
    format ^(java|node|python|ruby|php|dotnet|lua|tcl|ocaml|gnat|fpc|elixir|erlang|swift)$
    type .
    level ^(error|fatal)$
    hint An exception nobody caught ended the program: the innermost frame of your code is where it was raised; handle it there, or fix the condition its message names.

# A Fortran program's ERROR STOP: the program stopped itself with an error.
rule panic high lang:fortran area:runtime action:fix-code
    format ^gfortran-stop$
    hint The program ended itself with ERROR STOP: its message (or code) names the condition it found; the backtrace under it names the statement.

# A Tcl error of the script's own (`error "..."`) has no phrase of Tcl's for a type.
rule panic high lang:tcl area:runtime action:fix-code
    format ^tcl$
    level ^(error|fatal)$
    hint An error nobody caught (catch, try) ended the script: the innermost procedure named in the trace raised it.
