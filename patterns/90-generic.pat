# Fallbacks that apply to any format, last: class names and wording that
# say little on their own. Records that reach the end of this file are
# "uncategorized", with a severity from their level.

rule io_error medium area:io action:infra
    type|causes.type (^|\.)(OSError|IOError|EnvironmentError|IOException|UncheckedIOException|EOFException|EOFError|BrokenPipeError|InterruptedIOException|IsADirectoryError|NotADirectoryError)$

rule database_error high area:database action:investigate
    type|causes.type (^|\.)(SQLException|PSQLException|DatabaseError|OperationalError|ProgrammingError|DataError|InterfaceError|DataAccessException|SQLTransientConnectionException|JDBCConnectionException|MongoServerError|RedisError)$

rule http_error medium area:network action:investigate
    type|causes.type (^|\.)(HTTPError|HttpClientErrorException|HttpServerErrorException|HTTPException|ClientResponseError|HttpResponseException|AxiosError|FetchError)$
    hint An HTTP request failed: the status says whose fault (4xx the request, 5xx the server); log the URL and the response body.

rule deprecation low area:warnings action:review
    level ^warning$
    message|type (?i)\bdeprecat(ed|ion)\b|DeprecationWarning

rule runtime_warning low area:warnings action:review
    type (^|\.)\w*Warning$

rule arithmetic_error high area:code action:fix-code
    message (?i)\b(division|divide|divided) by zero\b|integer overflow

rule invalid_value medium area:data action:fix-code
    type (^|\.)(ValidationError|ValueError|InvalidArgumentException|IllegalArgumentException|ArgumentError|ArgumentException|FormatException)$

# well-known exception classes in records of other formats (an application
# log that carries the class, a test runner errcap reports on its own)
rule null_reference high area:code action:fix-code
    type (^|\.)(NullPointerException|NullReferenceException)$

rule key_error high area:code action:fix-code
    type (^|\.)(KeyError|NoSuchElementException|KeyNotFoundException)$

rule index_error high area:code action:fix-code
    type (^|\.)(IndexError|IndexOutOfBoundsException|ArrayIndexOutOfBoundsException)$

rule assertion_failure high area:tests action:fix-code
    type (^|\.)(AssertionError|AssertionFailedError)$

rule command_failed medium area:process action:investigate
    message (?i)process completed with exit code [1-9]|exited with (exit )?(code|status) [1-9]|returned (a )?non-zero exit (status|code)|command failed with exit code [1-9]
