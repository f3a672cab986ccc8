# JavaScript and TypeScript: Node.js uncaught errors (format node; the class
# in `type`), tsc (the code such as TS2322 in `type`), ESLint (the rule id
# in `type`), Jest, npm.

rule null_reference high lang:js area:code action:fix-code
    format ^(node|jest|mocha)$
    type ^TypeError$
    message ^Cannot (read|set) propert(y|ies) of (undefined|null)|^Cannot read property .* of (undefined|null)|^(undefined|null) is not an object|^Cannot destructure property
    hint A property was read on undefined or null: check where the object comes from (an API response, an optional argument) and use optional chaining or a guard.

rule import_error high lang:js area:dependencies action:fix-deps
    format ^(node|jest|mocha)$
    message|type ^Cannot find (module|package) |ERR_MODULE_NOT_FOUND|MODULE_NOT_FOUND|^Could not locate module
    message|type Cannot find (module|package) '(?<module>[^']+)'
    hint Node cannot resolve '{module}': run npm install (is it in package.json?), or fix the relative path and its extension.

rule import_error high lang:js area:dependencies action:fix-deps
    format ^(node|jest|mocha)$
    message|type ^Cannot find (module|package) |ERR_MODULE_NOT_FOUND|MODULE_NOT_FOUND|^Could not locate module
    hint A module could not be resolved: run npm install, check package.json, and check the relative path and its extension.

rule undefined_name high lang:js area:code action:fix-code
    format ^(node|jest|mocha)$
    type ^ReferenceError$
    hint A variable is not defined: check the spelling, the import/require, and that it is declared before use in that scope.

rule assertion_failure high lang:js area:tests action:fix-code
    format ^(node|jest|mocha)$
    type ^(AssertionError|AssertionError \[ERR_ASSERTION\]|ERR_ASSERTION|JestAssertionError|to[A-Z]\w*)$

rule invalid_value medium lang:js area:data action:fix-code
    format ^(node|jest|mocha)$
    message in JSON at position|is not valid JSON|^Unexpected end of JSON input|^Invalid (array length|time value|Date)|^Invalid URL

rule syntax_error high lang:js area:syntax action:fix-code
    format ^(node|jest|mocha)$
    type ^SyntaxError$
    hint The file could not be parsed: look at the position shown for a missing bracket, and for syntax the Node version or loader does not support (ESM vs CommonJS).

# a test file Vite's bundler could not parse (Vitest: RolldownError, RollupError)
rule syntax_error high lang:js area:syntax action:fix-code
    format ^vitest$
    message (?i)^parse (failure|failed)\b
    hint The file could not be parsed: look at the position shown for a missing bracket, and for syntax the Node version or loader does not support (ESM vs CommonJS).

rule stack_overflow high lang:js area:code action:fix-code
    format ^(node|jest|mocha)$
    message ^Maximum call stack size exceeded
    hint Maximum call stack exceeded: the repeated frames show the recursion; add the base case or make it iterative.

rule type_error high lang:js area:types action:fix-code
    format ^(node|jest|mocha)$
    type ^TypeError$

rule address_in_use high lang:js area:network action:fix-env
    format ^node$
    message EADDRINUSE|address already in use
    hint The port is taken: stop the other process (lsof -i :PORT) or make the port configurable; in tests, listen on port 0.

rule panic high lang:js area:runtime action:fix-code
    format ^node$
    message|type ^(UnhandledPromiseRejection|Unhandled promise rejection|\[UnhandledPromiseRejection)|ERR_UNHANDLED_REJECTION

rule deprecation low lang:js area:warnings action:review
    format ^(node|jest|mocha|tsc|eslint)$
    message|type ^\[?DEP\d+\]?|DeprecationWarning|(is|has been) deprecated

# tsc
rule import_error high lang:ts area:dependencies action:fix-deps
    format ^tsc$
    type ^TS(2307|2305|2792|7016|2614)$
    hint A module could not be resolved: run npm install, check package.json, and check the relative path and its extension.

rule undefined_name high lang:ts area:code action:fix-code
    format ^tsc$
    type ^TS(2304|2552|2582|2580|2583|2503|2749)$
    hint A variable is not defined: check the spelling, the import/require, and that it is declared before use in that scope.

rule null_reference high lang:ts area:types action:fix-code
    format ^tsc$
    type ^TS(2531|2532|2533|18047|18048|18049|2722)$
    hint A property was read on undefined or null: check where the object comes from (an API response, an optional argument) and use optional chaining or a guard.

rule attribute_error high lang:ts area:types action:fix-code
    format ^tsc$
    type ^TS(2339|2551|2353|2561)$

rule config_error high lang:ts area:config action:fix-config
    format ^tsc$
    type ^TS(5\d{3}|6\d{3})$
    !type ^TS(6133|6192|6196|6198)$
    hint tsconfig or a compiler option is wrong: check the option named in the message against the TypeScript version in use.

rule syntax_error high lang:ts area:syntax action:fix-code
    format ^tsc$
    type ^TS1\d\d\d$
    hint The file could not be parsed: look at the position shown for a missing bracket, and for syntax the Node version or loader does not support (ESM vs CommonJS).

rule unused_code low lang:ts area:warnings action:review
    format ^tsc$
    type ^TS(6133|6192|6196|6198)$

rule type_error high lang:ts area:types action:fix-code
    format ^tsc$
    type ^TS\d+$

# ESLint: `type` is the rule id
rule syntax_error high lang:js area:syntax action:fix-code
    format ^eslint$
    message ^Parsing error
    hint The file could not be parsed: look at the position shown for a missing bracket, and for syntax the Node version or loader does not support (ESM vs CommonJS).

rule undefined_name high lang:js area:code action:fix-code
    format ^eslint$
    type ^(no-undef|react/jsx-no-undef)$
    hint A variable is not defined: check the spelling, the import/require, and that it is declared before use in that scope.

rule import_error high lang:js area:dependencies action:fix-deps
    format ^eslint$
    type ^(import|n|node)/no-(unresolved|missing-(import|require)|extraneous-import)$
    hint A module could not be resolved: run npm install, check package.json, and check the relative path and its extension.

rule unused_code low lang:js area:warnings action:review
    format ^eslint$
    type (^|/)no-unused-(vars|expressions|private-class-members)$|(^|/)no-unreachable$

# Jest
rule timeout medium lang:js area:tests action:retry
    format ^jest$
    message|text Exceeded timeout of \d+ ?ms

rule assertion_failure high lang:js area:tests action:fix-code
    format ^(jest|mocha)$
    message|text expect\(.*\)\.|AssertionError|toMatchSnapshot|Expected:.*\n\s*Received:

# npm (errcap may report npm's lines as node, shell, make or log)
rule missing_dependency high lang:js area:dependencies action:fix-deps
    !format ^(python|pytest|java|javac|maven|gradle|go|gotest|rustc|rust|tsc|eslint|jest|gcc|clang|ld|asan|ubsan|valgrind|perl|cmake|ninja)$
    message|text (?m)(^npm (ERR!|error) (code )?(ERESOLVE|E404|ETARGET|ENOVERSIONS)|unable to resolve dependency tree|No matching version found for|Couldn't find any versions for|404 Not Found - GET https://registry)

rule version_mismatch high lang:js area:dependencies action:fix-deps
    !format ^(python|pytest|java|javac|maven|gradle|go|gotest|rustc|rust|tsc|eslint|jest|gcc|clang|ld|asan|ubsan|valgrind|perl|cmake|ninja)$
    message|text (?m)(EBADENGINE|Unsupported engine|engine "node" is incompatible)

rule build_failure medium lang:js area:build action:follow-up
    !format ^(python|pytest|java|javac|maven|gradle|go|gotest|rustc|rust|tsc|eslint|jest|gcc|clang|ld|asan|ubsan|valgrind|perl|cmake|ninja)$
    message|text (?m)^npm (ERR!|error) (code ELIFECYCLE|Lifecycle script|command failed)|^error Command failed with exit code
