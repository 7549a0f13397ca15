# Tests on targets (docs/targets.md): reference models under QEMU on every
# Cortex-M target and RISC-V (tests/target/matrix.py, budgets in
# tests/target/budgets.json), the BSP/QEMU self-test, the vendor-IDE drop-in,
# the CMake package with the example firmware. All carry the label `target`.
set(TA_TGT_SRC "${CMAKE_CURRENT_LIST_DIR}")
set(TA_TGT_BUILD "${CMAKE_BINARY_DIR}/target-tests")
set(TA_TGT_PLUGIN "${CMAKE_BINARY_DIR}/qemu-plugin")
set(TA_TGT_ENV "TINYAOT_PLUGIN_DIR=${TA_TGT_PLUGIN}")

# The instruction-count plugin, built once before the QEMU tests run in parallel.
add_test(NAME "target: qemu plugin"
         COMMAND bash "${PROJECT_SOURCE_DIR}/targets/qemu/build_plugin.sh" "${TA_TGT_PLUGIN}")
set_tests_properties("target: qemu plugin" PROPERTIES FIXTURES_SETUP ta_plugin LABELS target)

# One test per (model, target) pair of the matrix.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${TA_TGT_SRC}/matrix.py")
execute_process(COMMAND ${TINYAOT_PYTHON} "${TA_TGT_SRC}/matrix.py" --cmake
                OUTPUT_VARIABLE ta_pairs RESULT_VARIABLE ta_rc)
if(NOT ta_rc EQUAL 0)
  message(FATAL_ERROR "tests/target/matrix.py failed (${ta_rc})")
endif()
foreach(pair IN LISTS ta_pairs)
  string(REPLACE "|" ";" pair "${pair}")
  list(GET pair 0 ta_case)
  list(GET pair 1 ta_target)
  add_test(NAME "target: ${ta_target} ${ta_case}"
           COMMAND ${TINYAOT_PYTHON} "${TA_TGT_SRC}/run_case.py" --tinyaot $<TARGET_FILE:tinyaot>
                   --case ${ta_case} --target ${ta_target} --build-dir "${TA_TGT_BUILD}/models"
                   --plugin-dir "${TA_TGT_PLUGIN}")
  set_tests_properties("target: ${ta_target} ${ta_case}" PROPERTIES
                       FIXTURES_REQUIRED ta_plugin LABELS target TIMEOUT 600)
endforeach()

# The BSP, runner, counter and harness self-test, one test per target.
file(GLOB ta_target_files "${PROJECT_SOURCE_DIR}/targets/*.target")
foreach(f IN LISTS ta_target_files)
  get_filename_component(ta_target "${f}" NAME_WE)
  add_test(NAME "target: selftest ${ta_target}"
           COMMAND ${TINYAOT_PYTHON} "${TA_TGT_SRC}/selftest/run_selftest.py" ${ta_target}
                   --build-dir "${TA_TGT_BUILD}/selftest")
  set_tests_properties("target: selftest ${ta_target}" PROPERTIES
                       FIXTURES_REQUIRED ta_plugin ENVIRONMENT "${TA_TGT_ENV}" LABELS target TIMEOUT 600)
endforeach()

# Vendor-IDE drop-in: C firmware linked with gcc, two models, symbol checks.
add_test(NAME "target: vendor IDE drop-in"
         COMMAND ${TINYAOT_PYTHON} "${TA_TGT_SRC}/dropin/dropin_test.py" --tinyaot $<TARGET_FILE:tinyaot>
                 --target cortex-m4 --build-dir "${TA_TGT_BUILD}/dropin")
set_tests_properties("target: vendor IDE drop-in" PROPERTIES LABELS target TIMEOUT 600)

# tinyaot_add_model() in small consumer projects: optimization without a build
# type, the summary line, REPORT/QUANT_REPORT, configure-time errors.
add_test(NAME "target: cmake function"
         COMMAND ${TINYAOT_PYTHON} "${TA_TGT_SRC}/cmake_function_test.py" --tinyaot $<TARGET_FILE:tinyaot>
                 --work "${TA_TGT_BUILD}/cmake-function")
set_tests_properties("target: cmake function" PROPERTIES LABELS target TIMEOUT 600)

# The example firmware inside this build (add_subdirectory: the compiler is the
# `tinyaot` target of this tree) ...
add_subdirectory("${PROJECT_SOURCE_DIR}/examples/digits_fw" "${CMAKE_BINARY_DIR}/examples/digits_fw")
add_test(NAME "target: example in-tree host" COMMAND digits_fw)
set_tests_properties("target: example in-tree host" PROPERTIES
                     PASS_REGULAR_EXPRESSION "digits_fw: predicted 6 \\(label 6\\)" LABELS target)
# ... and against an installed TinyAOT (cmake --install, find_package), for the
# host and cross-compiled for Cortex-M4 under QEMU, with the rebuild rules.
add_test(NAME "target: package and example"
         COMMAND ${TINYAOT_PYTHON} "${TA_TGT_SRC}/package_test.py" --build "${CMAKE_BINARY_DIR}"
                 --work "${TA_TGT_BUILD}/package")
set_tests_properties("target: package and example" PROPERTIES LABELS target TIMEOUT 900)
