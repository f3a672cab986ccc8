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
 * runtime, libc, package caches.
 */
int et_frame_library(const char *file, const char *function);

#endif
