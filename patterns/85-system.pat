# Conditions that read alike in every language: operating system errors,
# networks, timeouts, memory and disk, credentials, databases, HTTP.
# They look at the message of the error and of its causes (Java's
# "Caused by:", Python's chained exceptions), and come after the language
# files, which decide the errors these words could appear in by accident
# (a failed assertion, a compiler message about a variable named timeout).

rule disk_full critical area:resources action:infra
    message|causes.message (?i)no space left on device|\bENOSPC\b|disk quota exceeded|\bEDQUOT\b|not enough space on the disk|disk (is )?(almost |\d+% )?full|(out of|low on|insufficient) disk space|low disk space
    hint The disk is full: free space (build caches, old artifacts, logs, docker images) or grow the volume; check quotas too.

rule out_of_memory critical area:resources action:infra
    message|causes.message (?i)\bout of memory\b|cannot allocate memory|\bENOMEM\b|(virtual )?memory exhausted|std::bad_alloc|memory allocation of \d+ bytes failed|heap out of memory|Java heap space|GC overhead limit exceeded|\bOOMKilled\b|oom-kill|Killed process \d+|unable to create (new )?native thread

rule resource_limit high area:resources action:infra
    message|causes.message (?i)too many open files|\bE[MN]FILE\b|resource temporarily unavailable|argument list too long|\bE2BIG\b|cannot fork|fork: retry|too many (processes|threads)|max(imum)? (number of )?(user processes|open files|connections) (exceeded|reached)|too many connections|\bEMLINK\b|quota exceeded|node was low on resource|\bEvicted\b
    hint A per-process limit was hit (open files, processes): look for a leak of descriptors first, then raise the limit (ulimit -n, LimitNOFILE=) if the load is real.

rule address_in_use high area:network action:fix-env
    message|causes.message|type (?i)address already in use|\bEADDRINUSE\b|BindException|port \d+ (is )?already (in use|allocated)
    hint The port is already in use: find the other listener (ss -ltnp), stop it, or configure another port.

rule tls_error high area:network action:fix-config
    message|causes.message|type (?i)certificate verify failed|CERTIFICATE_VERIFY_FAILED|x509: certificate|SSLHandshakeException|PKIX path building failed|unable to get local issuer certificate|self[- ]signed certificate|certificate has expired|certificate (is not valid|signed by unknown authority)|SSL routines|tls: (handshake failure|bad certificate)|UNABLE_TO_VERIFY_LEAF_SIGNATURE|ERR_TLS_CERT|SSLError|wrong version number|certificate (expires|will expire|expired)
    hint TLS verification failed: check the server's certificate chain and name, the client's CA bundle (ca-certificates) and the clock; never turn verification off.

rule auth_error high area:security action:fix-config
    message|causes.message (?i)authentication failed|access denied for user|invalid (username or password|credentials|api[ _-]?key|token)|bad credentials|permission denied \(publickey|401 unauthorized|\bunauthorized\b|token (has )?expired|login failed|password authentication failed|not authorized|403 Forbidden|\bforbidden\b|unable to locate credentials|NoCredentialsError|credentials? (not found|missing|are required)|ExpiredToken|InvalidClientTokenId
    hint Authentication was refused: check the credentials this environment uses (secrets, expiry, rotation) and the account's permissions.

rule permission_denied high area:io action:fix-env
    message|causes.message|type (?i)permission denied|operation not permitted|\bEACCES\b|\bEPERM\b|access is denied|AccessDeniedException|read-only file system|\bEROFS\b|insufficient privileges|must be run as root
    hint Permission denied: check the file's owner and mode and the user the process runs as; in containers, the uid may differ.

rule dns_error medium area:network action:retry
    message|causes.message|type (?i)name or service not known|temporary failure in name resolution|no such host|nodename nor servname|\bgetaddrinfo\b|UnknownHostException|\bENOTFOUND\b|\bEAI_AGAIN\b|could not resolve (host|hostname)|failed to resolve|name resolution failed|server can't find
    hint A host name did not resolve: check its spelling, the resolver in this environment (/etc/resolv.conf, network access in CI) and that the host still exists.

rule timeout medium area:network action:retry
    type|causes.type (?i)timeout|TimedOut|DeadlineExceeded
    hint An operation timed out: find out whether the other side is slow or unreachable; retry with backoff for transient cases, and raise the limit only when the work is known to take longer.

rule timeout medium area:network action:retry
    message|causes.message (?i)\btimed out\b|\btime(d)? ?out (after|exceeded|expired|reached|while|waiting)|\btimeout (after|exceeded|expired|reached|of \d|waiting)|deadline exceeded|\bETIMEDOUT\b|\bESOCKETTIMEDOUT\b|operation timed out|read timeout|connect timeout|execution expired|lock wait timeout exceeded|(^|: )timeout$
    hint An operation timed out: find out whether the other side is slow or unreachable; retry with backoff for transient cases, and raise the limit only when the work is known to take longer.

rule database_error high area:database action:retry
    message|causes.message (?i)database is locked|database (system )?is (starting up|shutting down|in recovery mode)|too many clients already|could not serialize access|serialization failure|deadlock detected|Deadlock found when trying to get lock|server closed the connection unexpectedly|lost connection to (MySQL )?server|MySQL server has gone away
    hint The database refused the operation: the message names the condition (locked, too many connections, recovering); check the server's state and the connection pool's size.

rule network_error medium area:network action:retry
    message|causes.message (?i)connection (refused|reset|aborted|closed by (remote|peer|foreign)|timed out|was forcibly closed)|\bECONNREFUSED\b|\bECONNRESET\b|\bECONNABORTED\b|\bEHOSTUNREACH\b|\bENETUNREACH\b|\bENETDOWN\b|network is (unreachable|down)|no route to host|host is unreachable|failed to establish a new connection|max retries exceeded|remote end closed connection|socket hang up|unexpected EOF|(failed to|could not|unable to|cannot|can't) connect\b|connect(ion)? failed|connection to .* failed|retrying connection|dial tcp .*: connect:
    hint The connection was refused or reset: check that the service is up and listening on that host and port, and firewalls between; retry transient failures.

rule network_error medium area:network action:retry
    type|causes.type (^|\.)(ConnectionError|ConnectionRefusedError|ConnectionResetError|ConnectionAbortedError|ConnectException|NoRouteToHostException|SocketException|NewConnectionError|MaxRetryError|ProtocolError|RemoteDisconnected|ClosedChannelException|IncompleteRead|ChunkedEncodingError|ServerDisconnectedError|ClientConnectorError|HttpHostConnectException)$
    hint The connection was refused or reset: check that the service is up and listening on that host and port, and firewalls between; retry transient failures.

rule service_unavailable medium area:network action:retry
    message|causes.message (?i)\b50[0234] (internal server error|bad gateway|service unavailable|gateway time-?out)|service (temporarily )?unavailable|bad gateway|\b50[234] server error|status(code| code)?[ :=]+50[234]\b|upstream (connect error|prematurely closed)|no healthy upstream|circuit breaker (is )?open|readiness probe failed|liveness probe failed
    hint An upstream service answered 5xx: it is failing or overloaded; check its health and logs, and retry with backoff.

rule rate_limited low area:network action:retry
    message|causes.message (?i)too many requests|\b429\b.{0,20}(too many|rate)|HTTP(/[\d.]+)? 429\b|status(code| code)?[ :=]+429\b|rate[- ]limit(ed| exceeded)?|throttl(ed|ing)|slow down|request limit exceeded|API rate limit
    hint The service is rate-limiting: slow down (honour Retry-After), batch requests, or raise the quota.

rule version_mismatch high area:dependencies action:fix-deps
    message|causes.message (?i)has been compiled by a more recent version of the Java Runtime|unsupported class file major version|version `(GLIBC|GLIBCXX|CXXABI)_[\d.]+' not found|requires (a )?(python|node(\.js)?|go|java|rust|rustc) (version )?[<>=~^]*\s*\d|incompatible (architecture|ABI)|wrong ELF class|built for .* which is not the architecture

rule encoding_error medium area:data action:fix-code
    message|causes.message|type (?i)UnicodeDecodeError|UnicodeEncodeError|codec can't (en|de)code|invalid (utf-?8|byte sequence|multibyte)|MalformedInputException|stream did not contain valid UTF-8|incomplete multibyte

rule file_not_found medium area:io action:fix-env
    message|causes.message|type (?i)no such file( or directory)?\b|\bENOENT\b|FileNotFoundException|NoSuchFileException|cannot find the (file|path) specified|\(os error 2\)|kind: NotFound|file not found|\bnot a directory\b|\bENOTDIR\b

rule missing_dependency high area:dependencies action:fix-deps
    message|causes.message (?i)failed to pull image|ErrImagePull|ImagePullBackOff|manifest (for \S+ )?unknown|pull access denied|repository does not exist or may require
    hint The container image could not be pulled: check the image name and tag, the registry credentials, and that the registry is reachable.

rule config_error high area:config action:fix-config
    message|causes.message (?i)(failed to|could not|unable to|cannot) (load|parse|read|find|open) (the )?(config(uration)?|settings)( file)?\b|(failed to|could not|unable to|cannot) (load|parse|read|find|open) (the )?properties file|config(uration)? (load|parse|read)(ing)? failed|invalid (config|configuration|setting)|missing (required )?(config|configuration|setting|environment variable|property)|environment variable .* (is )?(not set|missing|undefined|required)|config(uration)? (file )?(not found|is invalid|error)|no such (config|setting|profile)|unknown (configuration|config|option|setting) |misconfigur|improperly configured|APPLICATION FAILED TO START

rule io_error medium area:io action:infra
    message|causes.message (?i)input/output error|\bEIO\b|broken pipe|\bEPIPE\b|stale file handle|\bESTALE\b|read error|write error|short (read|write)|device not configured|transport endpoint is not connected
    hint An I/O error: broken pipes mean the reader went away first; EIO and stale handles point at the disk or the network filesystem.

rule crash critical area:runtime action:fix-code
    message|causes.message (?i)segmentation fault|\bsegfault\b|\bSIGSEGV\b|\bSIGABRT\b|\bSIGBUS\b|core dumped|Fatal Python error|FATAL ERROR:|access violation|stack smashing detected|double free or corruption|free\(\): invalid|malloc\(\): (corrupted|memory corruption)|corrupted (size|double-linked list)|CrashLoopBackOff|exited with code 139|signal 11\b

rule deadlock critical area:concurrency action:fix-code
    message|causes.message (?i)\bdeadlock(ed)?\b|lock[- ]order[- ]inversion|potential deadlock

rule cancelled low area:process action:retry
    message|causes.message|type (?i)\bcontext canceled\b|operation was cancell?ed|task was cancell?ed|CancellationException|CancelledError
    hint The operation was cancelled, usually because a deadline passed or the caller gave up: look for the cause upstream rather than here.

rule data_race critical area:concurrency action:fix-code
    message|causes.message (?i)data race|race condition detected|ThreadSanitizer
