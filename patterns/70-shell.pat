# Shells (format shell: bash, dash, zsh, sh messages) and Perl (format perl).

rule command_not_found high lang:shell area:dependencies action:fix-deps
    format ^(shell|dash|make|log)$
    message|type (?i)(command not found|^(\S+: )?(line \d+: |\d+: )?\S+: not found$|^env: .*: No such file or directory|cannot execute: required file not found)
    hint The command is not installed or not on PATH in this environment: install its package, or use its full path; CI images often lack tools a workstation has.

rule file_not_found medium lang:shell area:io action:fix-env
    format ^(shell|dash)$
    message|type (?i)^no such file|can't cd to|cd: .*: No such file
    hint The path does not exist where the script runs: check the working directory (cd at the top of the script, or paths relative to "$(dirname "$0")").

rule syntax_error high lang:shell area:syntax action:fix-code
    format ^(shell|dash)$
    message|type (?i)syntax error|unexpected EOF while looking for matching|unexpected end of file|bad substitution|missing `?\]'?$|unterminated quoted string|Syntax error: .* unexpected
    hint The shell could not parse the script: check quoting and unclosed if/case/do blocks near the line; run `sh -n` or shellcheck on it.

rule undefined_name high lang:shell area:code action:fix-code
    format ^(shell|dash)$
    message|type unbound variable|parameter (null or )?not set
    hint An unset variable was used under set -u: give it a default (${VAR:-default}) or set it before use.

rule invalid_value medium lang:shell area:data action:fix-code
    format ^(shell|dash)$
    message (integer expression expected|numeric argument required|invalid number|ambiguous redirect|illegal number|value too great for base)

rule version_mismatch high lang:shell area:dependencies action:fix-deps
    format ^(shell|dash)$
    message (cannot execute binary file|Exec format error|version `\S+' not found)

rule crash critical area:runtime action:fix-code
    format ^(shell|dash|make|log)$
    message|type|text (Segmentation fault|Aborted|Bus error|Illegal instruction|Floating point exception|Trace/breakpoint trap)( \(core dumped\))?|\bsegfault at\b|\bSIG(SEGV|ABRT|BUS|ILL|FPE)\b
    hint A process was killed by a signal: the signal name says why (SIGSEGV a bug in that program, SIGKILL often the OOM killer or a timeout).

rule out_of_memory critical area:resources action:infra
    format ^(shell|dash|make|log)$
    message|text (?m)(^|: )Killed$|\bSIGKILL\b|exit (code|status) 137\b
    hint The process was killed for memory: check dmesg for the OOM killer, reduce parallelism (-j), or give the job more memory.

rule cancelled low area:process action:retry
    format ^(shell|dash|make|log)$
    message|text (?m)(^|: )(Terminated|Interrupt|Hangup)$|\bSIG(TERM|INT|HUP)\b|received signal (15|2)\b

rule lint_warning low lang:shell area:style action:review
    type ^SC\d{4}$
    hint A shellcheck finding: the code (SCnnnn) has a wiki page with the fix; quote expansions unless word splitting is really wanted.

# Perl
rule import_error high lang:perl area:dependencies action:fix-deps
    format ^perl$
    message|type ^module not found$|^Can't locate \S+\.pm in @INC|^Can't locate loadable object|^BEGIN failed--compilation aborted

rule undefined_name high lang:perl area:code action:fix-code
    format ^perl$
    message|type ^strict (vars|subs)$|^(Global symbol ".*" requires explicit package name|Undefined subroutine |Bareword ".*" not allowed|Can't locate object method ".*" via package ".*" \(perhaps you forgot to load)
    hint An unset variable was used under set -u: give it a default (${VAR:-default}) or set it before use.

rule attribute_error high lang:perl area:code action:fix-code
    format ^perl$
    message ^Can't locate object method

rule null_reference high lang:perl area:code action:fix-code
    format ^perl$
    message ^Can't (call method ".*" on an undefined value|use an undefined value as|call method ".*" on unblessed reference)

rule syntax_error high lang:perl area:syntax action:fix-code
    format ^perl$
    message|type ^syntax error\b|^(syntax error at|Missing right curly|Can't find string terminator|Unmatched right curly|Execution of .* aborted due to compilation errors)
    hint The shell could not parse the script: check quoting and unclosed if/case/do blocks near the line; run `sh -n` or shellcheck on it.

rule type_error high lang:perl area:types action:fix-code
    format ^perl$
    message|type ^strict refs$|^Can't use string \(.*\) as an? \w+ ref|^Not an? (HASH|ARRAY|CODE|SCALAR|GLOB) reference|^Odd number of elements in (hash|anonymous hash)

rule uninitialized_variable medium lang:perl area:code action:fix-code
    format ^perl$
    message|type ^uninitialized$|^Use of uninitialized value
    hint Perl used an undefined value: initialise the variable, or check defined() where the value may legitimately be missing.

rule arithmetic_error high lang:perl area:code action:fix-code
    format ^perl$
    message ^Illegal (division|modulus) by zero

rule stack_overflow high lang:perl area:code action:fix-code
    format ^perl$
    message ^Deep recursion on

rule deprecation low lang:perl area:warnings action:review
    format ^perl$
    message (?i)deprecated
