/* formats.c: the table of errcap's parsers, in the order lines are offered. */
#include "parser.h"

extern const ec_parser ec_parser_ubsan, ec_parser_asan, ec_parser_valgrind,
	ec_parser_pytest, ec_parser_unittest, ec_parser_doctest, ec_parser_python,
	ec_parser_java, ec_parser_javac, ec_parser_ecj, ec_parser_maven, ec_parser_gradle,
	ec_parser_go, ec_parser_gotest, ec_parser_rustc, ec_parser_rust,
	ec_parser_node, ec_parser_tsc, ec_parser_jest, ec_parser_vitest, ec_parser_mocha,
	ec_parser_gcc, ec_parser_ld, ec_parser_make, ec_parser_gha, ec_parser_ninja, ec_parser_cmake,
	ec_parser_shell, ec_parser_perl, ec_parser_log, ec_parser_npm, ec_parser_terraform,
	ec_parser_diag,
	ec_parser_rspec, ec_parser_minitest, ec_parser_ruby, ec_parser_phpunit, ec_parser_php,
	ec_parser_lua, ec_parser_crt, ec_parser_gdb, ec_parser_dotnet, ec_parser_elixir, ec_parser_exunit,
	ec_parser_tap, ec_parser_nodetest, ec_parser_swift, ec_parser_dotnettest, ec_parser_tcl,
	ec_parser_ocaml, ec_parser_sass,
	ec_parser_erlang;

/*
 * log comes first: it claims only lines in a log layout (a time or level
 * field where the layout puts it), and a log line's continuation may hold
 * traces other parsers would otherwise take apart from it. The location
 * finder (diagnostic) comes last: every specific format wins over it.
 */
const ec_parser *const ec_parsers[] = {
	&ec_parser_log,
	&ec_parser_ubsan,
	&ec_parser_asan,
	&ec_parser_valgrind,
	&ec_parser_crt,
	&ec_parser_gdb,
	&ec_parser_pytest,
	&ec_parser_unittest,
	&ec_parser_doctest,
	&ec_parser_python,
	&ec_parser_java,
	&ec_parser_dotnettest,
	&ec_parser_dotnet,
	&ec_parser_javac,
	&ec_parser_ecj,
	&ec_parser_maven,
	&ec_parser_gradle,
	&ec_parser_go,
	&ec_parser_gotest,
	&ec_parser_rustc,
	&ec_parser_rust,
	&ec_parser_node,
	&ec_parser_tsc,
	&ec_parser_jest,
	&ec_parser_vitest,
	&ec_parser_mocha,
	&ec_parser_nodetest,
	&ec_parser_tap,
	&ec_parser_sass,
	&ec_parser_rspec,
	&ec_parser_minitest,
	&ec_parser_ruby,
	&ec_parser_phpunit,
	&ec_parser_php,
	&ec_parser_lua,
	&ec_parser_tcl,
	&ec_parser_ocaml,
	&ec_parser_erlang,
	&ec_parser_exunit,
	&ec_parser_elixir,
	&ec_parser_swift,
	&ec_parser_gcc,
	&ec_parser_ld,
	&ec_parser_make,
	&ec_parser_gha,
	&ec_parser_ninja,
	&ec_parser_cmake,
	&ec_parser_shell,
	&ec_parser_perl,
	&ec_parser_npm,
	&ec_parser_terraform,
	&ec_parser_diag,        /* the location finder: always last */
};

const size_t ec_nparsers = sizeof ec_parsers / sizeof ec_parsers[0];
