# Python tracebacks (errcap formats python, pytest and unittest).
# The exception class is in `type`, its message in `message`; chained
# exceptions are in `causes`. Cross-language conditions (connection
# refused, disk full, timeouts, ...) are in 85-system.pat, which comes later.

rule null_reference high lang:python area:code action:fix-code
    format ^(python|pytest|unittest)$
    type ^(AttributeError|TypeError)$
    message 'NoneType' object
    hint A value is None where an object was expected: find where it was set (a function that returned nothing, a missing dict key with .get) and check for None before use, or make that path return a value.

rule import_error high lang:python area:dependencies action:fix-deps
    format ^(python|pytest|unittest)$
    type (^|\.)(ModuleNotFoundError|ImportError|DistributionNotFound|PackageNotFoundError)$
    message No module named '(?<module>[^'.]+)
    hint Module {module} is not installed in the environment that ran this: install it there (pip install {module}) and add it to the project's requirements, or fix the import's spelling.

rule import_error high lang:python area:dependencies action:fix-deps
    format ^(python|pytest|unittest)$
    type (^|\.)(ModuleNotFoundError|ImportError|DistributionNotFound|PackageNotFoundError)$
    hint A module could not be imported: install the missing package in the environment that ran this, and check the import's spelling and circular imports.

rule syntax_error high lang:python area:syntax action:fix-code
    format ^(python|pytest|unittest)$
    type ^(SyntaxError|IndentationError|TabError)$
    hint Python could not parse the file at the line shown: look for an unclosed bracket or quote on that line or the one before, and for tabs mixed with spaces.

rule undefined_name high lang:python area:code action:fix-code
    format ^(python|pytest|unittest)$
    type ^(NameError|UnboundLocalError)$
    hint A name is used before it is assigned or imported: check its spelling, the import, and whether an assignment inside the function makes it local (UnboundLocalError).

rule attribute_error high lang:python area:code action:fix-code
    format ^(python|pytest|unittest)$
    type ^AttributeError$
    hint The object has no such attribute: check the name, the object's real type (print type(x)), and library versions whose API changed.

rule type_error high lang:python area:types action:fix-code
    format ^(python|pytest|unittest)$
    type ^TypeError$
    hint A value of the wrong type reached an operation or call: check the argument count and types at the call in the innermost frame.

rule index_error high lang:python area:code action:fix-code
    format ^(python|pytest|unittest)$
    type ^IndexError$
    hint An index is past the end of a sequence: check the length before indexing, and off-by-one loops.

rule key_error high lang:python area:code action:fix-code
    format ^(python|pytest|unittest)$
    type ^KeyError$
    hint The key is not in the mapping: use .get() with a default or check `in` first, and find why the data lacks it (input format, a renamed field).

rule encoding_error medium lang:python area:data action:fix-code
    format ^(python|pytest|unittest)$
    type ^Unicode(De|En)codeError$
    hint Bytes and text disagree on an encoding: open files with encoding='utf-8' (and errors= where the data may be dirty), and decode network data explicitly.

rule invalid_value medium lang:python area:data action:fix-code
    format ^(python|pytest|unittest)$
    type (^|\.)(ValueError|JSONDecodeError|ValidationError)$
    hint A value has the right type but a bad content (a parse of malformed input): validate the input where it enters and report which field is wrong.

rule arithmetic_error high lang:python area:code action:fix-code
    format ^(python|pytest|unittest)$
    type ^(ZeroDivisionError|OverflowError|FloatingPointError|ArithmeticError)$
    hint Division by zero or overflow: guard the divisor, or use a wider type or Decimal where values can grow.

rule stack_overflow high lang:python area:code action:fix-code
    format ^(python|pytest|unittest)$
    type ^RecursionError$
    hint Recursion too deep: look for a recursion without a base case in the repeated frames, or rewrite it as a loop; raising the limit only hides it.

rule out_of_memory critical lang:python area:resources action:infra
    format ^(python|pytest|unittest)$
    type ^MemoryError$
    hint The process ran out of memory: stream the data instead of loading it whole, or give the job more memory; check for an unbounded cache.

rule concurrent_modification high lang:python area:concurrency action:fix-code
    format ^(python|pytest|unittest)$
    type ^RuntimeError$
    message changed size during iteration

rule not_implemented medium lang:python area:code action:fix-code
    format ^(python|pytest|unittest)$
    type ^NotImplementedError$

rule file_not_found medium lang:python area:io action:fix-env
    format ^(python|pytest|unittest)$
    type ^FileNotFoundError$
    hint A path does not exist: check the working directory the program runs in, and build paths from __file__ or configuration rather than relative guesses.

rule permission_denied high lang:python area:io action:fix-env
    format ^(python|pytest|unittest)$
    type ^PermissionError$
    hint The user running the program may not open that path: check ownership and mode, and that a container or CI user matches the one that created it.

rule cancelled low lang:python area:process action:retry
    format ^(python|pytest|unittest)$
    type ^(KeyboardInterrupt|asyncio\.CancelledError|CancelledError)$

rule command_failed medium lang:python area:process action:investigate
    format ^(python|pytest|unittest)$
    type ^subprocess\.CalledProcessError$
    hint A subprocess exited non-zero: its own stderr above says why; run the command by hand with the same arguments and environment.

rule config_error high lang:python area:config action:fix-config
    format ^(python|pytest|unittest)$
    type (^|\.)(ImproperlyConfigured|ConfigError|ConfigurationError|configparser\.\w+Error|MissingSectionHeaderError)$
    hint Configuration is missing or wrong: check the setting named in the message and where this environment loads it from.

rule assertion_failure high lang:python area:tests action:fix-code
    format ^(python|pytest|unittest)$
    type ^(AssertionError|pytest\.fail\.Exception)$
    hint An assertion did not hold: compare the expected and actual values in the message; decide whether the code or the expectation is wrong.

rule deprecation low lang:python area:warnings action:review
    format ^(python|pytest|unittest)$
    type ^(DeprecationWarning|PendingDeprecationWarning|FutureWarning)$
    hint A deprecated API still works but will be removed: switch to the replacement the message names before upgrading.

rule resource_warning low lang:python area:warnings action:review
    format ^(python|pytest|unittest)$
    type ^ResourceWarning$

rule runtime_warning low lang:python area:warnings action:review
    format ^(python|pytest|unittest)$
    type ^(RuntimeWarning|UserWarning|SyntaxWarning|BytesWarning|ImportWarning|\w+Warning)$
