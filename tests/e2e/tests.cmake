# End-to-end: every bundled model compiled, built under g++/clang++/sanitizers,
# run on its ONNX Runtime reference, and checked against the generated-code contract.
file(GLOB TINYAOT_E2E_MODELS RELATIVE "${PROJECT_SOURCE_DIR}/models" CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/models/*.onnx")
foreach(model_file ${TINYAOT_E2E_MODELS})
  string(REGEX REPLACE "\\.onnx$" "" model "${model_file}")
  add_test(NAME "e2e: ${model}"
           COMMAND ${TINYAOT_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/run_models.py
                   --tinyaot $<TARGET_FILE:tinyaot> --model ${model} --work ${CMAKE_BINARY_DIR}/e2e)
  set_tests_properties("e2e: ${model}" PROPERTIES LABELS e2e TIMEOUT 900)
endforeach()
