# Application logs (format log: the log line's level in `level`, its text
# in `message`). 85-system.pat has already taken the lines about
# networks, timeouts, memory, disk, credentials and databases.

rule database_error high area:database action:fix-code
    message|causes.message|type (?i)duplicate key value violates unique constraint|UNIQUE constraint failed|violates (foreign key|not-null|check) constraint|Duplicate entry .* for key|IntegrityError|ConstraintViolationException|syntax error at or near|relation ".*" does not exist|no such (table|column)|Unknown column|SQLSyntaxErrorException

rule panic high area:runtime action:fix-code
    format ^log$
    message (?i)\b(unhandled|uncaught) (exception|error|rejection)|\bpanic(ked)?\b|\bfatal (exception|error)\b|^Exception on \S+ \[[A-Z]+\]
    hint The application logged a panic or fatal error: the lines that follow usually hold the stack; fix the innermost frame of your code.

rule http_error medium area:network action:investigate
    format ^log$
    message (?i)\b(HTTP/\d(\.\d)?"? |status(code| code)?[ :=]+)(4\d\d|5\d\d)\b|\b(4\d\d|5\d\d) (Bad Request|Not Found|Method Not Allowed|Conflict|Gone|Unprocessable Entity|Internal Server Error)

rule performance_warning low area:performance action:review
    format ^log$
    message (?i)slow (query|request|response|operation)|took \d+(\.\d+)? ?(ms|s|seconds)\b.*(threshold|slow|exceed)|long (gc|garbage collection) pause|event loop (blocked|lag)|high (memory|cpu) usage|queue (is )?full|backpressure

rule startup_failure high area:runtime action:investigate
    format ^log$
    message (?i)(failed to|could not|unable to) (start|initiali[sz]e|bind|boot)|startup (failed|aborted)|shutting down due to|exiting with (error|status [1-9])|application run failed
    hint The service failed to start: the first error of the start-up is the cause (configuration, a port, a missing dependency).

rule deprecation low area:warnings action:review
    format ^log$
    message (?i)\bdeprecat(ed|ion)\b
