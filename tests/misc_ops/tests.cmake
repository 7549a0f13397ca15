# Trilu, CumSum, Hardmax, Shrink, LRN, MeanVarianceNormalization, EyeLike,
# OneHot, TopK and Compress forms the ONNX node tests leave out, against
# ONNX Runtime.
add_test(NAME "conformance: misc op variants"
         COMMAND ${TINYAOT_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/run_misc_variants.py
                 --tinyaot $<TARGET_FILE:tinyaot> --work ${CMAKE_BINARY_DIR}/misc-variants)
set_tests_properties("conformance: misc op variants" PROPERTIES LABELS conformance TIMEOUT 600
                     SKIP_RETURN_CODE 77)
