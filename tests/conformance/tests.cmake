# ONNX conformance: the ONNX backend node tests (generated from Debian's
# python3-onnx into the build tree on first use), each compiled by tinyaot,
# built with -Werror -pedantic and run against the reference outputs.
# Report: ${CMAKE_BINARY_DIR}/conformance/report.md and report.json.
add_test(NAME conformance
         COMMAND ${TINYAOT_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/run_conformance.py
                 --tinyaot $<TARGET_FILE:tinyaot> --work ${CMAKE_BINARY_DIR}/conformance)
set_tests_properties(conformance PROPERTIES LABELS conformance TIMEOUT 1800)

# Real models written by others (onnx2c's examples), compared with ONNX Runtime;
# skipped when /work/shared/external_models/onnx2c is absent.
add_test(NAME "conformance: external models"
         COMMAND ${TINYAOT_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/run_external.py
                 --tinyaot $<TARGET_FILE:tinyaot> --work ${CMAKE_BINARY_DIR}/conformance-external)
set_tests_properties("conformance: external models" PROPERTIES LABELS conformance TIMEOUT 600
                     SKIP_RETURN_CODE 77)

# docs/operators.md must list exactly the registered operators.
add_test(NAME "docs: operators.md is current"
         COMMAND ${TINYAOT_PYTHON} ${PROJECT_SOURCE_DIR}/scripts/gen_operator_docs.py
                 --tinyaot $<TARGET_FILE:tinyaot> --check)
set_tests_properties("docs: operators.md is current" PROPERTIES LABELS "docs;conformance")

# Supported operator forms the node tests leave out (3-D pooling with padding,
# strides and dilations; BatchNormalization with constant and run-time
# statistics), against ONNX Runtime.
add_test(NAME "conformance: operator variants"
         COMMAND ${TINYAOT_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/run_variants.py
                 --tinyaot $<TARGET_FILE:tinyaot> --work ${CMAKE_BINARY_DIR}/conformance-variants)
set_tests_properties("conformance: operator variants" PROPERTIES LABELS conformance TIMEOUT 600
                     SKIP_RETURN_CODE 77)
