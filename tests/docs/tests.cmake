# The CLI reference is generated from --help; fail when it is stale.
add_test(NAME "docs: cli.md is current"
         COMMAND ${TINYAOT_PYTHON} ${PROJECT_SOURCE_DIR}/scripts/gen_cli_docs.py --tinyaot $<TARGET_FILE:tinyaot> --check)
set_tests_properties("docs: cli.md is current" PROPERTIES LABELS docs)
