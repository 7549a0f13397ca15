# Element-wise, cast and data-movement operator forms the ONNX node tests
# leave out (integer casts, opset-9 Slice, opset-18 Split, Where and variadic
# broadcasting, Tile beyond 6 copy dims, ...), against ONNX Runtime.
add_test(NAME "conformance: element-wise and data-movement variants"
         COMMAND ${TINYAOT_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/run_ops_variants.py
                 --tinyaot $<TARGET_FILE:tinyaot> --work ${CMAKE_BINARY_DIR}/ops-variants)
set_tests_properties("conformance: element-wise and data-movement variants" PROPERTIES LABELS conformance
                     TIMEOUT 900 SKIP_RETURN_CODE 77)
