# Linters, compilers, package managers, infrastructure tools and services that
# errcap reads with its format files and the npm/terraform parsers (issue 11).
# Format names are those of share/errtools/formats/*.fmt (docs/formats-list.md).

# --- code: what the checker says is broken
rule syntax_error high area:syntax action:fix-code
    format ^(flake8|pyflakes|pylint|black|rubocop|rubocop-simple|shellcheck|yamllint|erlc|ghc|sbt|scala3|kotlinc|msvc|msbuild|dart|dart-cfe|terraform|npm)$
    message|type (?i)^E999$|^E0001$|^SC10\d\d$|^Lint/Syntax$|^syntax$|^EJSONPARSE$|\bsyntax error\b|\bSyntaxError\b|Cannot parse|invalid syntax|^Parse error|parse error|Invalid expression|Unexpected token

rule undefined_name high area:code action:fix-code
    format ^(flake8|pyflakes|pylint|pylint-parseable|erlc|ghc|sbt|scala3|kotlinc|msvc|msbuild|dart|dart-cfe|terraform|icc)$
    message|type ^F821$|^E0602$|^CS0103$|^C2065$|^undefined_identifier$|(?i)\bundefined name\b|Variable not in scope|not found: value|Unresolved reference|undeclared identifier|is undefined|does not exist in the current context|Undefined name|Reference to undeclared|function \S+/\d+ undefined

rule link_error high area:build action:fix-code
    format ^msvc$
    type ^LNK\d{4}$

rule compile_error high area:build action:fix-code
    format ^(erlc|ghc|sbt|scala3|kotlinc|msvc|msbuild|icc|dart|dart-cfe)$
    level ^(error|fatal)$

rule compiler_warning low area:build action:review
    format ^(erlc|ghc|sbt|scala3|kotlinc|msvc|msbuild|icc|dart|dart-cfe)$
    level ^warning$

rule lint_warning low area:style action:review
    format ^(flake8|ruff|pyflakes|pylint|pylint-parseable|pydocstyle|black|rubocop|rubocop-simple|perlcritic|shellcheck|cppcheck|cppcheck-legacy|hadolint|yamllint|markdownlint|ansible-lint|puppet-lint|luacheck|stylelint|vfile|prettier|codespell|tidy|isort|bandit|reek)$

rule build_warning low area:build action:review
    format ^(sphinx|terraform)$
    level ^warning$

# --- dependencies and package managers
rule missing_dependency high area:dependencies action:fix-deps
    format ^(npm|yarn|pnpm|pip|apt|bazel|maven|kubernetes)$
    message|type ^E404$|^ETARGET$|^ERR_PNPM_(FETCH_404|NO_MATCHING_VERSION)|Couldn't find package|Could not find a version that satisfies|No matching distribution found|Unable to locate package|has no installation candidate|no such package|^ErrImagePull$|^ImagePullBackOff$|Failed to pull image|Failed to query available provider packages

rule permission_denied high area:permissions action:fix-env
    format ^(apt|dpkg|npm|pip|git)$
    message|type (?i)permission denied|are you root|^EACCES$|insufficient permission

rule build_failure medium area:build action:follow-up
    format ^(npm|yarn|pnpm|pip|docker|bazel)$
    message|type ^ELIFECYCLE$|Command failed with exit code|^subprocess-exited-with-error$|^metadata-generation-failed$|failed to solve|did not complete successfully|returned a non-zero code|^RUN |Build did NOT complete|build aborted|Compiling .* failed

rule service_unavailable medium area:infra action:retry
    format ^docker$
    message Cannot connect to the Docker daemon

rule config_error high area:config action:fix-config
    format ^(terraform|nginx|apache|apache-line|msbuild|git|docker)$
    level ^(error|fatal)$

# --- infrastructure and services
rule network_error medium area:network action:retry
    format ^ansible$
    type ^UNREACHABLE$

rule command_failed medium area:process action:investigate
    format ^(ansible|git|git-conflict|systemd)$

rule auth_error high area:security action:fix-config
    format ^(postgresql|mysql|mysql-server)$
    message|type (?i)password authentication failed|Access denied for user|^1045$|^28P01$

rule database_error high area:database action:investigate
    format ^(postgresql|mysql|mysql-server)$

rule out_of_memory critical area:resources action:infra
    format ^(kernel-oom|kubernetes)$
    message|type ^oom-kill$|^OOMKilled$|(?i)out of memory

rule crash critical area:runtime action:fix-code
    format ^(kernel-segfault|kubernetes)$
    message|type ^segfault$|general protection|trap |^CrashLoopBackOff$|^BackOff$|Back-off restarting failed container|^Error$
