# Build tools: make, ninja, cmake, Maven, Gradle, pip, cargo.
# Most of these lines follow an earlier, more telling error of a compiler:
# they are tagged action:follow-up.

rule command_not_found high area:build action:fix-deps
    format ^make$
    message \bError 127\b

rule out_of_memory critical area:resources action:infra
    format ^(make|ninja)$
    message \bError 137\b|Killed signal terminated program|internal compiler error: Killed
    hint The build ran out of memory: lower the parallelism (make -jN, ninja -l) or the linker's memory use, or give the runner more memory.

rule cancelled low area:build action:retry
    format ^make$
    message \*\*\* .*(Interrupt|Terminated)\b|\bError 130\b|\bError 143\b

rule syntax_error high area:build action:fix-code
    format ^make$
    message missing separator|unterminated variable reference|recipe commences before first target|missing 'endif'|invalid syntax in conditional

rule file_not_found medium area:build action:fix-config
    format ^(make|ninja|cmake)$
    message No rule to make target|missing and no known rule to make it|Cannot find source file|source directory .* does not exist|does not appear to contain CMakeLists\.txt

rule build_warning low area:build action:review
    format ^make$
    message overriding recipe for target|ignoring old recipe for target|jobserver unavailable|Circular .* dependency dropped|Clock skew detected|has modification time .* in the future

rule build_failure medium area:build action:follow-up
    format ^(make|ninja)$
    message|type \bError \d+$|\*\*\* .*Error \d+|^FAILED:? |^FAILED$|build stopped: subcommand failed|^ninja: build stopped|\*\*\* .*Stop\.|^error: .* failed
    hint A build step failed: the first error above this line is the cause; fix that one first, the others often follow from it.

# cmake
rule deprecation low area:build action:review
    format ^cmake$
    message|text ^CMake Deprecation Warning|(?i)deprecated

rule missing_dependency high area:dependencies action:fix-deps
    format ^cmake$
    message|text Could not find a package configuration file|Could NOT find \w+|By not providing "Find\w+\.cmake"|No package '.*' found|The (C|CXX) compiler identification is unknown|No CMAKE_\w+_COMPILER could be found|Could not find (toolchain|compiler)
    message|text By not providing "Find(?<pkg>\w+)\.cmake"
    hint CMake cannot find the package {pkg}: install its development package, or point CMake at it with -D{pkg}_DIR=... or CMAKE_PREFIX_PATH.

rule missing_dependency high area:dependencies action:fix-deps
    format ^cmake$
    message|text Could not find a package configuration file|Could NOT find \w+|By not providing "Find\w+\.cmake"|No package '.*' found|The (C|CXX) compiler identification is unknown|No CMAKE_\w+_COMPILER could be found|Could not find (toolchain|compiler)
    hint A package was not found: install its development package, or tell CMake where it is (CMAKE_PREFIX_PATH); Maven/Gradle: check coordinates and repository access.

rule build_warning low area:build action:review
    format ^cmake$
    level ^warning$

rule config_error high area:build action:fix-config
    format ^cmake$
    level ^(error|fatal)$
    hint CMake configuration failed: read the CMakeLists.txt line named and the CMakeError.log; a missing option or a wrong path is the usual cause.

# Maven and Gradle
rule missing_dependency high area:dependencies action:fix-deps
    format ^(maven|gradle)$
    message|text Could not resolve dependencies|Could not find artifact|Non-resolvable (parent POM|import POM)|Could not resolve all (files|dependencies|artifacts) for configuration|Could not find [\w.-]+:[\w.-]+:|Plugin .* or one of its dependencies could not be resolved|Could not transfer artifact
    hint A package was not found: install its development package, or tell CMake where it is (CMAKE_PREFIX_PATH); Maven/Gradle: check coordinates and repository access.

rule test_failure high area:tests action:fix-code
    format ^(maven|gradle)$
    message|text There (are|were) (test failures|failing tests)|Tests run: \d+, Failures: [1-9]|Tests run: \d+, Failures: \d+, Errors: [1-9]|\d+ tests? completed, \d+ failed|Test .* FAILED
    hint Tests failed in the build: the surefire/gradle report names the test; run that one test alone to reproduce.

rule build_failure medium area:build action:follow-up
    format ^(maven|gradle)$
    message|text BUILD FAILURE|Failed to execute goal|COMPILATION ERROR|Execution failed for task|Compilation failed|FAILURE: Build failed|Build failed with an exception
    hint A build step failed: the first error above this line is the cause; fix that one first, the others often follow from it.

rule deprecation low area:build action:review
    format ^(maven|gradle)$
    message (?i)deprecat

# pip and other Python packaging (errcap may report its lines as python, shell, make or log)
rule missing_dependency high lang:python area:dependencies action:fix-deps
    !format ^(java|javac|maven|gradle|go|gotest|rustc|rust|tsc|eslint|jest|gcc|clang|ld|asan|ubsan|valgrind|perl|cmake|ninja)$
    message (?i)could not find a version that satisfies the requirement|no matching distribution found for|ResolutionImpossible|Failed building wheel for|Could not build wheels for|externally-managed-environment
    hint A package was not found: install its development package, or tell CMake where it is (CMAKE_PREFIX_PATH); Maven/Gradle: check coordinates and repository access.
