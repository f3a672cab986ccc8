# Java: uncaught exceptions (format java; the class in `type`, "Caused by:" in
# `causes`), javac diagnostics (also as Maven and Gradle print them).
# Wrapper exceptions (RuntimeException, ExecutionException, ...) are not
# categorised here, so that 85-system.pat can look at their causes.

rule null_reference high lang:java area:code action:fix-code
    format ^(java|maven|gradle)$
    type|causes.type ^java\.lang\.NullPointerException$

rule import_error high lang:java area:dependencies action:fix-deps
    format ^(java|maven|gradle)$
    type|causes.type ^java\.lang\.(ClassNotFoundException|NoClassDefFoundError)$

rule version_mismatch high lang:java area:dependencies action:fix-deps
    format ^(java|maven|gradle)$
    type|causes.type ^java\.lang\.(UnsupportedClassVersionError|NoSuchMethodError|NoSuchFieldError|AbstractMethodError|IncompatibleClassChangeError)$

rule index_error high lang:java area:code action:fix-code
    format ^(java|maven|gradle)$
    type|causes.type ^java\.lang\.(ArrayIndexOutOfBounds|StringIndexOutOfBounds|IndexOutOfBounds)Exception$

rule key_error high lang:java area:code action:fix-code
    format ^(java|maven|gradle)$
    type|causes.type ^java\.util\.NoSuchElementException$

rule type_error high lang:java area:types action:fix-code
    format ^(java|maven|gradle)$
    type|causes.type ^java\.lang\.(ClassCastException|ArrayStoreException)$

rule arithmetic_error high lang:java area:code action:fix-code
    format ^(java|maven|gradle)$
    type|causes.type ^java\.lang\.ArithmeticException$

rule invalid_value medium lang:java area:data action:fix-code
    format ^(java|maven|gradle)$
    type ^java\.(lang\.(NumberFormatException|IllegalArgumentException)|time\.format\.DateTimeParseException)$

rule stack_overflow high lang:java area:code action:fix-code
    format ^(java|maven|gradle)$
    type|causes.type ^java\.lang\.StackOverflowError$

rule out_of_memory critical lang:java area:resources action:infra
    format ^(java|maven|gradle)$
    type|causes.type ^java\.lang\.OutOfMemoryError$

rule concurrent_modification high lang:java area:concurrency action:fix-code
    format ^(java|maven|gradle)$
    type|causes.type ^java\.util\.ConcurrentModificationException$

rule deadlock critical lang:java area:concurrency action:fix-code
    format ^java$
    text Found (one|\d+) Java-level deadlock

rule not_implemented medium lang:java area:code action:fix-code
    format ^(java|maven|gradle)$
    type ^java\.lang\.UnsupportedOperationException$

rule file_not_found medium lang:java area:io action:fix-env
    format ^(java|maven|gradle)$
    type|causes.type ^java\.(io\.FileNotFoundException|nio\.file\.NoSuchFileException)$

rule permission_denied high lang:java area:io action:fix-env
    format ^(java|maven|gradle)$
    type|causes.type ^java\.nio\.file\.AccessDeniedException$

rule cancelled low lang:java area:process action:retry
    format ^(java|maven|gradle)$
    type ^java\.lang\.InterruptedException$

rule config_error high lang:java area:config action:fix-config
    format ^(java|maven|gradle)$
    type \.(BeanCreationException|UnsatisfiedDependencyException|NoSuchBeanDefinitionException|BeanDefinitionStoreException|ConfigurationException|ConfigException)$

rule assertion_failure high lang:java area:tests action:fix-code
    format ^(java|maven|gradle)$
    type ^(java\.lang\.AssertionError|org\.opentest4j\.AssertionFailedError|org\.junit\.ComparisonFailure|junit\.framework\.(AssertionFailedError|ComparisonFailure)|org\.assertj\.core\.error\.\w+)$

rule assertion_failure high lang:java area:tests action:fix-code
    format ^(java|maven|gradle)$
    message expected:? ?<.*> but was:? ?<

rule crash critical lang:java area:runtime action:fix-code
    format ^(java|log)$
    message|text A fatal error has been detected by the Java Runtime Environment

# javac (and javac messages in Maven/Gradle output)
rule import_error high lang:java area:dependencies action:fix-deps
    format ^(javac|maven|gradle)$
    message ^package [\w.]+ does not exist

rule undefined_name high lang:java area:code action:fix-code
    format ^(javac|maven|gradle)$
    message ^cannot find symbol

rule syntax_error high lang:java area:syntax action:fix-code
    format ^(javac|maven|gradle)$
    message ^(('[^']+'|<\w+>|class, interface, enum, or record|[\w.]+) expected$|illegal start of (expression|type)|reached end of file while parsing|class, interface, enum, or record expected|not a statement|unclosed (string|character) literal|illegal character)

rule type_error high lang:java area:types action:fix-code
    format ^(javac|maven|gradle)$
    message ^(incompatible types|bad operand types?|method .* cannot be applied to given types|no suitable (method|constructor) found|.* cannot be dereferenced|unreported exception)

rule uninitialized_variable medium lang:java area:code action:fix-code
    format ^(javac|maven|gradle)$
    message might not have been initialized

rule conversion_warning low lang:java area:types action:review
    format ^(javac|maven|gradle)$
    message|type ^(unchecked|rawtypes|cast)$|^(\[(unchecked|rawtypes)\] )?(unchecked (call|conversion|cast|method invocation)|found raw type)

rule deprecation low lang:java area:warnings action:review
    format ^(javac|maven|gradle)$
    message|type (?i)\[?deprecation\]?|has been deprecated

# Kotlin compiler messages as Gradle prints them
rule undefined_name high lang:kotlin area:code action:fix-code
    format ^gradle$
    message ^Unresolved reference

rule type_error high lang:kotlin area:types action:fix-code
    format ^gradle$
    message ^(Type mismatch|None of the following (functions|candidates) can be called|Only safe \(\?\.\) or non-null asserted)

rule unused_code low lang:kotlin area:warnings action:review
    format ^gradle$
    message ^(Variable|Parameter) '.*' is never used|is never used$

rule config_error high lang:java area:build action:fix-config
    format ^gradle$
    message ^A problem occurred (evaluating|configuring) (project|root project|settings|script)|^Could not find method .* for arguments|^Plugin \[id: .*\] was not found
