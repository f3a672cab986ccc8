/*
 * et_frame: which stack frames belong to a library rather than to the
 * program itself. errcap picks a traceback's primary location (the
 * innermost frame of the program's own code) with it, and errhash leaves
 * library frames out of fingerprints: both read the one list here.
 */
#ifndef ET_FRAME_H
#define ET_FRAME_H

/*
 * Whether a frame (its file and function as errcap writes them; either
 * may be NULL) belongs to a language's standard library, runtime or an
 * installed package: Python's site-packages, node_modules, Ruby gems and
 * vendor/bundle, PHP's vendor/, Lua's [C] functions, .NET's System.*,
 * Erlang/Elixir's OTP modules, the JVM's java.*, Rust's std, Go's
 * runtime, libc (and a bare C name beginning, not ending, with "__": the
 * implementation's, C11 7.1.3), package caches.
 */
int et_frame_library(const char *file, const char *function);

/*
 * The user's in-app rules (errcap's and errhash's --in-app and --not-in-app,
 * Sentry's in-app include and exclude lists), for the rest of the process.
 * PREFIX matches a frame whose function or file begins with it, or whose
 * file has it as a path part (after a '/' or '\\'). in_app is 1 for
 * --in-app, 0 for --not-in-app. prefix must outlive the process's use.
 */
void et_frame_rule(const char *prefix, int in_app);

/*
 * Whether a frame is the program's own code (Sentry's in_app): never when
 * its file is a pseudo-file of the form "<...>" (Python's "<string>" of
 * eval and exec, "<stdin>", "<frozen ...>", Node's "<anonymous>"), which
 * is no file of the program's; else the longest of the user's prefixes
 * that matches it decides (--in-app when an --in-app and a --not-in-app
 * prefix are as long), and where none does, the frame is in app unless
 * et_frame_library says it is a library's.
 */
int et_frame_in_app(const char *file, const char *function);

/* Whether one of the user's prefixes matches the frame (so that it decides). */
int et_frame_ruled(const char *file, const char *function);

#endif
