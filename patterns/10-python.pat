# Python tracebacks (errcap formats python, pytest and unittest).
# The exception class is in `type`, its message in `message`; chained
# exceptions are in `causes`. Cross-language conditions (connection
# refused, disk full, timeouts, ...) are in 85-system.pat, which comes later.

rule null_reference high lang:python area:code action:fix-code
    format ^(python|pytest|unittest)$
    type ^(AttributeError|TypeError)$
    message 'NoneType' object

rule import_error high lang:python area:dependencies action:fix-deps
    format ^(python|pytest|unittest)$
    type (^|\.)(ModuleNotFoundError|ImportError|DistributionNotFound|PackageNotFoundError)$

rule syntax_error high lang:python area:syntax action:fix-code
    format ^(python|pytest|unittest)$
    type ^(SyntaxError|IndentationError|TabError)$

rule undefined_name high lang:python area:code action:fix-code
    format ^(python|pytest|unittest)$
    type ^(NameError|UnboundLocalError)$

rule attribute_error high lang:python area:code action:fix-code
    format ^(python|pytest|unittest)$
    type ^AttributeError$

rule type_error high lang:python area:types action:fix-code
    format ^(python|pytest|unittest)$
    type ^TypeError$

rule index_error high lang:python area:code action:fix-code
    format ^(python|pytest|unittest)$
    type ^IndexError$

rule key_error high lang:python area:code action:fix-code
    format ^(python|pytest|unittest)$
    type ^KeyError$

rule encoding_error medium lang:python area:data action:fix-code
    format ^(python|pytest|unittest)$
    type ^Unicode(De|En)codeError$

rule invalid_value medium lang:python area:data action:fix-code
    format ^(python|pytest|unittest)$
    type (^|\.)(ValueError|JSONDecodeError|ValidationError)$

rule arithmetic_error high lang:python area:code action:fix-code
    format ^(python|pytest|unittest)$
    type ^(ZeroDivisionError|OverflowError|FloatingPointError|ArithmeticError)$

rule stack_overflow high lang:python area:code action:fix-code
    format ^(python|pytest|unittest)$
    type ^RecursionError$

rule out_of_memory critical lang:python area:resources action:infra
    format ^(python|pytest|unittest)$
    type ^MemoryError$

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

rule permission_denied high lang:python area:io action:fix-env
    format ^(python|pytest|unittest)$
    type ^PermissionError$

rule cancelled low lang:python area:process action:retry
    format ^(python|pytest|unittest)$
    type ^(KeyboardInterrupt|asyncio\.CancelledError|CancelledError)$

rule command_failed medium lang:python area:process action:investigate
    format ^(python|pytest|unittest)$
    type ^subprocess\.CalledProcessError$

rule config_error high lang:python area:config action:fix-config
    format ^(python|pytest|unittest)$
    type (^|\.)(ImproperlyConfigured|ConfigError|ConfigurationError|configparser\.\w+Error|MissingSectionHeaderError)$

rule assertion_failure high lang:python area:tests action:fix-code
    format ^(python|pytest|unittest)$
    type ^(AssertionError|pytest\.fail\.Exception)$

rule deprecation low lang:python area:warnings action:review
    format ^(python|pytest|unittest)$
    type ^(DeprecationWarning|PendingDeprecationWarning|FutureWarning)$

rule resource_warning low lang:python area:warnings action:review
    format ^(python|pytest|unittest)$
    type ^ResourceWarning$

rule runtime_warning low lang:python area:warnings action:review
    format ^(python|pytest|unittest)$
    type ^(RuntimeWarning|UserWarning|SyntaxWarning|BytesWarning|ImportWarning|\w+Warning)$
