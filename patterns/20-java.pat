# Java: uncaught exceptions (format java; the class in `type`, "Caused by:" in
# `causes`), javac diagnostics (also as Maven and Gradle print them).
# Wrapper exceptions (RuntimeException, ExecutionException, ...) are not
# categorised here, so that 85-system.pat can look at their causes.

rule null_reference high lang:java area:code action:fix-code
    format ^(java|maven|gradle)$
    type|causes.type ^java\.lang\.NullPointerException$
    hint A null reached a dereference: the innermost frame of your code shows which expression; check where that value is set and guard or initialise it (Optional, Objects.requireNonNull at the boundary).

rule import_error high lang:java area:dependencies action:fix-deps
    format ^(java|maven|gradle)$
    type|causes.type ^java\.lang\.(ClassNotFoundException|NoClassDefFoundError)$

rule version_mismatch high lang:java area:dependencies action:fix-deps
    format ^(java|maven|gradle)$
    type|causes.type ^java\.lang\.(UnsupportedClassVersionError|NoSuchMethodError|NoSuchFieldError|AbstractMethodError|IncompatibleClassChangeError)$
    hint Classes were compiled for a newer Java than the one running them: align the JDK of the build (release/target) and of the runtime (JAVA_HOME in CI).

rule index_error high lang:java area:code action:fix-code
    format ^(java|maven|gradle)$
    type|causes.type ^java\.lang\.(ArrayIndexOutOfBounds|StringIndexOutOfBounds|IndexOutOfBounds)Exception$
    hint An index is out of bounds: check the collection's size before indexing, and loop bounds.

rule key_error high lang:java area:code action:fix-code
    format ^(java|maven|gradle)$
    type|causes.type ^java\.util\.NoSuchElementException$

rule type_error high lang:java area:types action:fix-code
    format ^(java|maven|gradle)$
    type|causes.type ^java\.lang\.(ClassCastException|ArrayStoreException)$
    hint A cast or type assumption failed at run time: check the real class of the object and the generic types on the way.

rule arithmetic_error high lang:java area:code action:fix-code
    format ^(java|maven|gradle)$
    type|causes.type ^java\.lang\.ArithmeticException$

rule invalid_value medium lang:java area:data action:fix-code
    format ^(java|maven|gradle)$
    type ^java\.(lang\.(NumberFormatException|IllegalArgumentException)|time\.format\.DateTimeParseException)$

rule stack_overflow high lang:java area:code action:fix-code
    format ^(java|maven|gradle)$
    type|causes.type ^java\.lang\.StackOverflowError$
    hint Unbounded recursion: the repeated frames show the cycle; add the missing base case (or break a toString/equals/hashCode cycle).

rule out_of_memory critical lang:java area:resources action:infra
    format ^(java|maven|gradle)$
    type|causes.type ^java\.lang\.OutOfMemoryError$
    hint The JVM ran out of heap or metaspace: take a heap dump (-XX:+HeapDumpOnOutOfMemoryError) to find what grows, or raise -Xmx if the workload really needs it.

rule concurrent_modification high lang:java area:concurrency action:fix-code
    format ^(java|maven|gradle)$
    type|causes.type ^java\.util\.ConcurrentModificationException$
    hint A collection was modified while being iterated: use an Iterator's remove, collect changes and apply them after the loop, or a concurrent collection.

rule deadlock critical lang:java area:concurrency action:fix-code
    format ^java$
    text Found (one|\d+) Java-level deadlock
    hint Threads wait on each other's locks: the thread dump shows the cycle; take the locks in one global order or use tryLock with a timeout.

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
    hint Configuration is missing or invalid: check the property or bean named in the message and the profile this run uses.

rule assertion_failure high lang:java area:tests action:fix-code
    format ^(java|maven|gradle)$
    type ^(java\.lang\.AssertionError|org\.opentest4j\.AssertionFailedError|org\.junit\.ComparisonFailure|junit\.framework\.(AssertionFailedError|ComparisonFailure)|org\.assertj\.core\.error\.\w+)$

rule assertion_failure high lang:java area:tests action:fix-code
    format ^(java|maven|gradle)$
    message expected:? ?<.*> but was:? ?<

rule crash critical lang:java area:runtime action:fix-code
    format ^(java|log)$
    message|text A fatal error has been detected by the Java Runtime Environment
    hint The JVM itself crashed: read the hs_err_pid file it wrote (native frames, the failing library) and check JNI code and the JDK version.

# javac (and javac messages in Maven/Gradle output)
rule import_error high lang:java area:dependencies action:fix-deps
    format ^(javac|maven|gradle)$
    message ^package [\w.]+ does not exist

rule undefined_name high lang:java area:code action:fix-code
    format ^(javac|maven|gradle)$
    message ^cannot find symbol
    hint The compiler cannot find a symbol: check the spelling, the import, and that the dependency that declares it is on the compile classpath.

rule syntax_error high lang:java area:syntax action:fix-code
    format ^(javac|maven|gradle)$
    message ^(('[^']+'|<\w+>|class, interface, enum, or record|[\w.]+) expected$|illegal start of (expression|type)|reached end of file while parsing|class, interface, enum, or record expected|not a statement|unclosed (string|character) literal|illegal character)
    hint javac could not parse the file at the position shown: look for a missing semicolon, brace or parenthesis just before it.

rule type_error high lang:java area:types action:fix-code
    format ^(javac|maven|gradle)$
    message ^(incompatible types|bad operand types?|method .* cannot be applied to given types|no suitable (method|constructor) found|.* cannot be dereferenced|unreported exception)
    hint A cast or type assumption failed at run time: check the real class of the object and the generic types on the way.

rule uninitialized_variable medium lang:java area:code action:fix-code
    format ^(javac|maven|gradle)$
    message might not have been initialized
    hint A local variable may be read before it is assigned on some path: initialise it at the declaration or on every branch.

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
    hint The compiler cannot find a symbol: check the spelling, the import, and that the dependency that declares it is on the compile classpath.

rule type_error high lang:kotlin area:types action:fix-code
    format ^gradle$
    message ^(Type mismatch|None of the following (functions|candidates) can be called|Only safe \(\?\.\) or non-null asserted)
    hint A cast or type assumption failed at run time: check the real class of the object and the generic types on the way.

rule unused_code low lang:kotlin area:warnings action:review
    format ^gradle$
    message ^(Variable|Parameter) '.*' is never used|is never used$

rule config_error high lang:java area:build action:fix-config
    format ^gradle$
    message ^A problem occurred (evaluating|configuring) (project|root project|settings|script)|^Could not find method .* for arguments|^Plugin \[id: .*\] was not found
    hint Configuration is missing or invalid: check the property or bean named in the message and the profile this run uses.
