# Ruby (formats ruby, rspec, minitest), PHP (php, phpunit), Lua (lua), Erlang
# (erlang), and C/C++ programs dying at run time (crt). Only what the runtime
# names unambiguously; wrappers and what reads alike everywhere are left to
# 85-system.pat and later.

# ---- Ruby
rule import_error high lang:ruby area:dependencies action:fix-deps
    format ^(ruby|rspec|minitest)$
    type ^(LoadError|Gem::MissingSpecError|Gem::LoadError|Bundler::GemNotFound|Bundler::GemfileNotFound)$

rule syntax_error high lang:ruby area:syntax action:fix-code
    format ^(ruby|rspec|minitest)$
    type ^SyntaxError$

rule null_reference high lang:ruby area:code action:fix-code
    format ^(ruby|rspec|minitest)$
    type ^NoMethodError$
    message (?i)for nil(:NilClass)?$|for an instance of NilClass|on nil\b

rule attribute_error high lang:ruby area:code action:fix-code
    format ^(ruby|rspec|minitest)$
    type ^NoMethodError$

rule undefined_name high lang:ruby area:code action:fix-code
    format ^(ruby|rspec|minitest)$
    type ^(NameError|NoMatchingPatternError|UncaughtThrowError)$

rule type_error high lang:ruby area:code action:fix-code
    format ^(ruby|rspec|minitest)$
    type ^(TypeError|ArgumentError)$

rule key_error high lang:ruby area:code action:fix-code
    format ^(ruby|rspec|minitest)$
    type ^(KeyError|IndexError|StopIteration)$

rule arithmetic_error high lang:ruby area:code action:fix-code
    format ^(ruby|rspec|minitest)$
    type ^(ZeroDivisionError|FloatDomainError|Math::DomainError|RangeError)$

rule stack_overflow high lang:ruby area:code action:fix-code
    format ^(ruby|rspec|minitest)$
    type ^SystemStackError$

rule out_of_memory critical lang:ruby area:resources action:infra
    format ^(ruby|rspec|minitest)$
    type ^NoMemoryError$

rule not_implemented medium lang:ruby area:code action:fix-code
    format ^(ruby|rspec|minitest)$
    type ^NotImplementedError$

rule deprecation low lang:ruby area:dependencies action:review
    format ^ruby$
    level ^warning$
    message (?i)deprecat|will be removed|is obsolete

rule runtime_warning low lang:ruby area:code action:review
    format ^ruby$
    level ^warning$

rule test_failure high lang:ruby area:tests action:fix-code
    format ^(rspec|minitest)$
    type ^(RSpec::Expectations::ExpectationNotMetError|RSpec::Mocks::MockExpectationError|Minitest::Assertion|Minitest::UnexpectedError)$

# ---- PHP
rule syntax_error high lang:php area:syntax action:fix-code
    format ^(php|phpunit)$
    type ^(Parse error|ParseError|CompileError)$

rule undefined_name high lang:php area:code action:fix-code
    format ^(php|phpunit)$
    message ^(Call to undefined (function|method)|Undefined constant|Class ".*" not found|Interface ".*" not found|Trait ".*" not found|Undefined variable|Use of undefined constant)

rule null_reference high lang:php area:code action:fix-code
    format ^(php|phpunit)$
    message (on null$|of null$|on null\b|Trying to access array offset on (value of type )?null|Attempt to read property ".*" on null)

rule key_error medium lang:php area:code action:fix-code
    format ^(php|phpunit)$
    message ^(Undefined (array key|offset|index)|Uninitialized string offset)

rule type_error high lang:php area:code action:fix-code
    format ^(php|phpunit)$
    type ^(TypeError|ArgumentCountError|ValueError)$

rule arithmetic_error high lang:php area:code action:fix-code
    format ^(php|phpunit)$
    type ^(DivisionByZeroError|ArithmeticError)$

rule out_of_memory critical lang:php area:resources action:infra
    format ^(php|phpunit)$
    message ^Allowed memory size of \d+ bytes exhausted

rule timeout medium lang:php area:resources action:retry
    format ^(php|phpunit)$
    message ^Maximum execution time of \d+ seconds? exceeded

rule import_error high lang:php area:dependencies action:fix-deps
    format ^(php|phpunit)$
    message (Failed opening required|Failed to open stream: No such file or directory|failed to open stream: No such file or directory)

rule deprecation low lang:php area:dependencies action:review
    format ^(php|phpunit)$
    type ^(Deprecated|User deprecated)$

rule runtime_warning low lang:php area:code action:review
    format ^php$
    level ^warning$

rule test_failure high lang:php area:tests action:fix-code
    format ^phpunit$
    type ^PHPUnit\\

# ---- Lua
rule syntax_error high lang:lua area:syntax action:fix-code
    format ^lua$
    type ^syntax error$

rule import_error high lang:lua area:dependencies action:fix-deps
    format ^lua$
    type ^module not found$

rule null_reference high lang:lua area:code action:fix-code
    format ^lua$
    type ^attempt to .* (a )?nil value$

rule type_error high lang:lua area:code action:fix-code
    format ^lua$
    type ^(attempt to |bad argument)

rule stack_overflow high lang:lua area:code action:fix-code
    format ^lua$
    message stack overflow

# ---- Tcl (format tcl: type is the message's phrase before its first value)
rule undefined_name high lang:tcl area:code action:fix-code
    format ^tcl$
    type ^(invalid command name|can't read|can't set|can't unset)$

rule arithmetic_error high lang:tcl area:code action:fix-code
    format ^tcl$
    type ^(divide by zero|integer overflow|domain error)

rule type_error high lang:tcl area:code action:fix-code
    format ^tcl$
    type ^(wrong # args|expected (integer|boolean|floating-point number|number|list)|can't use )

rule index_error high lang:tcl area:code action:fix-code
    format ^tcl$
    type ^(bad index|index .* out of range|list index out of range)

rule file_not_found medium lang:tcl area:io action:fix-env
    format ^tcl$
    message ^couldn't (read file|open) .*: no such file or directory$

# ---- OCaml (format ocaml: type is the exception's constructor, module path included)
rule key_error high lang:ocaml area:code action:fix-code
    format ^ocaml$
    type ^Not_found$
    hint A lookup (List.assoc, Hashtbl.find, String.index) found nothing: use its _opt variant and handle None where the key may be missing.

rule index_error high lang:ocaml area:code action:fix-code
    format ^ocaml$
    type ^Invalid_argument$
    message ^index out of bounds$

rule invalid_value medium lang:ocaml area:code action:fix-code
    format ^ocaml$
    type ^(Invalid_argument|Failure)$
    hint A standard-library function refused its argument (Failure "hd", "int_of_string", Invalid_argument "String.sub"): check the value before the call, or use the function's _opt variant.

rule arithmetic_error high lang:ocaml area:code action:fix-code
    format ^ocaml$
    type ^Division_by_zero$

rule assertion_failure high lang:ocaml area:code action:fix-code
    format ^ocaml$
    type ^(Assert_failure|Match_failure)$
    hint An assert or a match that left a case out failed at the place in the message: the value there is one the code did not expect.

rule file_not_found medium lang:ocaml area:io action:fix-env
    format ^ocaml$
    type ^Sys_error$
    message : No such file or directory$

rule stack_overflow high lang:ocaml area:code action:fix-code
    format ^ocaml$
    type ^(Stack_overflow|Out_of_memory)$

# ---- Ada (format gnat: type is the exception's name) and Fortran (gfortran)
rule index_error high lang:ada area:code action:fix-code
    format ^gnat$
    type ^CONSTRAINT_ERROR$
    message ^(range|index) check failed

rule arithmetic_error high lang:ada area:code action:fix-code
    format ^gnat$
    type ^CONSTRAINT_ERROR$
    message ^(divide by zero|overflow check failed)

rule file_not_found medium lang:ada area:io action:fix-env
    format ^gnat$
    type ^ADA\.IO_EXCEPTIONS\.NAME_ERROR$

rule stack_overflow high lang:ada area:code action:fix-code
    format ^gnat$
    type ^STORAGE_ERROR$

rule index_error high lang:fortran area:code action:fix-code
    format ^gfortran$
    message ^Index '.*' of dimension \d+ of array '.*' (above upper|below lower) bound
    hint An array index is outside its declared bounds (-fcheck=bounds found it): check the loop limits and the size the array was allocated with.

rule file_not_found medium lang:fortran area:io action:fix-env
    format ^gfortran$
    message ^Cannot open file '.*': No such file or directory$

rule invalid_value medium lang:fortran area:data action:fix-code
    format ^gfortran$
    message ^Bad (integer|real|logical|complex|value)

rule crash critical lang:fortran area:runtime action:fix-code
    format ^gfortran-signal$
    hint The program died of a signal: build with -g -fcheck=all and run it again, the backtrace then names the statement.

# ---- Free Pascal (format fpc: type is the SysUtils exception class, also for
# a bare "Runtime error N", whose message is then that text)
rule index_error high lang:pascal area:code action:fix-code
    format ^fpc$
    type ^ERangeError$
    hint A range check (-Cr) failed: an array index, or a value stored in a smaller type (a subrange, a byte), is outside its range; check the loop limits and where the value comes from.

rule arithmetic_error high lang:pascal area:code action:fix-code
    format ^fpc$
    type ^(EDivByZero|EZeroDivide|EIntOverflow|EOverflow|EUnderflow|EInvalidOp)$

rule file_not_found medium lang:pascal area:io action:fix-env
    format ^fpc$
    type ^EInOutError$
    message ^(File not found|Runtime error 2)$

rule permission_denied high lang:pascal area:io action:fix-env
    format ^fpc$
    type ^EInOutError$
    message ^(Access denied|Runtime error 5)$

rule disk_full critical lang:pascal area:io action:infra
    format ^fpc$
    type ^EInOutError$
    message ^(Disk Full|Runtime error 101)$

rule invalid_value medium lang:pascal area:data action:fix-code
    format ^fpc$
    type ^EInOutError$
    message ^(Invalid input|Runtime error 106)$
    hint Read or Readln met text that is not a number of the variable's type: check the input, or read a string and convert it with TryStrToInt.

rule invalid_value medium lang:pascal area:data action:fix-code
    format ^fpc$
    type ^EConvertError$

rule io_error medium lang:pascal area:io action:fix-code
    format ^fpc$
    type ^EInOutError$
    hint An I/O error of a Pascal file (EInOutError, or "Runtime error N" for the code): 102-105 mean a file used before Assign, Reset or Rewrite, or in the wrong mode; 100 reading past its end.

rule crash critical lang:pascal area:memory action:fix-code
    format ^fpc$
    type ^(EAccessViolation|EBusError)$
    hint An access violation (SIGSEGV): a nil, freed or uninitialised pointer or object was used; the frame with a line (build with -gl) names the statement.

rule memory_safety critical lang:pascal area:memory action:fix-code
    format ^fpc$
    type|message ^(EInvalidPointer|Exception object is not a valid class)$
    hint The heap is damaged or was misused: memory freed twice, a pointer freed that the heap did not give, or a write past a block; build with -gh (heaptrc) to find it.

rule null_reference high lang:pascal area:code action:fix-code
    format ^fpc$
    type ^EObjectCheck$

rule out_of_memory critical lang:pascal area:resources action:infra
    format ^fpc$
    type ^EOutOfMemory$

rule stack_overflow high lang:pascal area:code action:fix-code
    format ^fpc$
    type ^EStackOverflow$

rule not_implemented medium lang:pascal area:code action:fix-code
    format ^fpc$
    type ^EAbstractError$
    hint An abstract method was called: an object of the class that declares it was created, or a descendant does not override it.

rule type_error high lang:pascal area:code action:fix-code
    format ^fpc$
    type ^(EInvalidCast|EIntfCastError)$

rule assertion_failure high lang:pascal area:code action:fix-code
    format ^fpc$
    type ^EAssertionFailed$

rule config_error high lang:pascal area:build action:fix-code
    format ^fpc$
    type ^ENoThreadSupport$
    hint The program starts a thread but has no thread driver: on Unix make cthreads the first unit of the program's uses clause.

# ---- C and C++ at run time (format crt)
rule memory_safety critical lang:c area:memory action:fix-code
    format ^crt$
    type ^(double-free|bad-free|heap-corruption|stack-smashing|buffer-overflow|fortify)$

rule assertion_failure high lang:c area:tests action:fix-code
    format ^crt$
    type ^assertion$

rule out_of_memory critical lang:cpp area:resources action:infra
    format ^crt$
    type ^std::bad_alloc$

rule index_error high lang:cpp area:code action:fix-code
    format ^crt$
    type ^std::(out_of_range|length_error)$

rule invalid_value high lang:cpp area:code action:fix-code
    format ^crt$
    type ^std::(invalid_argument|domain_error|bad_optional_access|bad_variant_access|bad_any_cast|bad_cast|bad_function_call)$

rule crash critical lang:cpp area:runtime action:fix-code
    format ^crt$

# ---- .NET (format dotnet)
rule null_reference high lang:dotnet area:code action:fix-code
    format ^dotnet$
    type ^System\.NullReferenceException$

rule key_error high lang:dotnet area:code action:fix-code
    format ^dotnet$
    type ^System\.Collections\.Generic\.KeyNotFoundException$

rule index_error high lang:dotnet area:code action:fix-code
    format ^dotnet$
    type ^System\.(IndexOutOfRangeException|ArgumentOutOfRangeException)$

rule type_error high lang:dotnet area:code action:fix-code
    format ^dotnet$
    type ^System\.(InvalidCastException|ArgumentNullException|ArgumentException|FormatException)$

rule arithmetic_error high lang:dotnet area:code action:fix-code
    format ^dotnet$
    type ^System\.(DivideByZeroException|OverflowException|ArithmeticException)$

rule file_not_found medium lang:dotnet area:io action:fix-env
    format ^dotnet$
    type ^System\.IO\.(FileNotFoundException|DirectoryNotFoundException)$

rule import_error high lang:dotnet area:dependencies action:fix-deps
    format ^dotnet$
    type ^System\.(TypeLoadException|DllNotFoundException|MissingMethodException|IO\.FileLoadException)$

rule stack_overflow high lang:dotnet area:code action:fix-code
    format ^dotnet$
    type ^System\.StackOverflowException$

rule out_of_memory critical lang:dotnet area:resources action:infra
    format ^dotnet$
    type ^System\.OutOfMemoryException$

rule not_implemented medium lang:dotnet area:code action:fix-code
    format ^dotnet$
    type ^System\.(NotImplementedException|NotSupportedException)$

# ---- Elixir and ExUnit (formats elixir, exunit)
rule syntax_error high lang:elixir area:syntax action:fix-code
    format ^(elixir|exunit)$
    type ^(SyntaxError|TokenMissingError|MismatchedDelimiterError)$

rule undefined_name high lang:elixir area:code action:fix-code
    format ^(elixir|exunit)$
    type ^(CompileError|UndefinedFunctionError)$

rule key_error high lang:elixir area:code action:fix-code
    format ^(elixir|exunit)$
    type ^KeyError$

rule type_error high lang:elixir area:code action:fix-code
    format ^(elixir|exunit)$
    type ^(ArgumentError|FunctionClauseError|BadArityError|BadFunctionError|MatchError|CaseClauseError|CondClauseError|WithClauseError|Protocol\.UndefinedError)$

rule arithmetic_error high lang:elixir area:code action:fix-code
    format ^(elixir|exunit)$
    type ^ArithmeticError$

rule runtime_warning low lang:elixir area:code action:review
    format ^elixir$
    level ^warning$

rule test_failure high lang:elixir area:tests action:fix-code
    format ^exunit$
    type ^ExUnit\.AssertionError$

# ---- Erlang/OTP (format erlang: type is the exit reason's atom, as erl_error names it)
rule undefined_name high lang:erlang area:code action:fix-code
    format ^erlang$
    type ^(undef|shell_undef|unbound)$

rule key_error high lang:erlang area:code action:fix-code
    format ^erlang$
    type ^badkey$

rule type_error high lang:erlang area:code action:fix-code
    format ^erlang$
    type ^(badarg|badarity|badfun|badmap|badmatch|case_clause|function_clause|if_clause|try_clause|bad_generator|bad_filter)$

rule arithmetic_error high lang:erlang area:code action:fix-code
    format ^erlang$
    type ^badarith$

# ---- Swift (format swift)
rule null_reference high lang:swift area:code action:fix-code
    format ^swift$
    type ^Unexpectedly found nil$

rule index_error high lang:swift area:code action:fix-code
    format ^swift$
    message ^Index out of range

rule assertion_failure high lang:swift area:code action:fix-code
    format ^swift$
    type ^(Precondition failed|Assertion failed)$

rule crash critical lang:swift area:runtime action:fix-code
    format ^swift$

# ---- test runners: TAP (bats, prove, node-tap, node --test) and node --test's spec reporter
rule test_failure high area:tests action:fix-code
    format ^(tap|nodetest)$
    type ^(AssertionError|ERR_ASSERTION)$

rule test_failure high area:tests action:fix-code
    format ^tap$
    !type .

rule test_failure high lang:dotnet area:tests action:fix-code
    format ^dotnettest$
    !type .

# ---- R (format rscript: R prints no condition class; the message says it)
rule import_error high lang:r area:dependencies action:fix-deps
    format ^rscript$
    message ^there is no package called |^package .* is not available|^package or namespace load failed

rule undefined_name high lang:r area:code action:fix-code
    format ^rscript$
    message ^could not find function |^object '.*' not found$

rule syntax_error high lang:r area:syntax action:fix-code
    format ^rscript$
    message ^unexpected 

rule type_error high lang:r area:code action:fix-code
    format ^rscript$
    message operator is invalid for atomic vectors|^non-numeric argument to |^argument of length 0$|^invalid 'type' \(.*\) of argument$

rule index_error high lang:r area:code action:fix-code
    format ^rscript$
    message ^subscript out of bounds$|^undefined columns selected$

rule assertion_failure high lang:r area:code action:fix-code
    format ^rscript$
    message  (is|are) not (all )?TRUE$

rule runtime_warning low lang:r area:code action:review
    format ^rscript$
    level ^warning$
