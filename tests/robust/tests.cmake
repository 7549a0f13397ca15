# Hostile and unusual input: escaped names, the regression corpus of malformed
# models, calibration files and command lines, and short fuzzing runs.
add_test(NAME "robust: hostile names"
         COMMAND ${TINYAOT_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/hostile_names.py --tinyaot $<TARGET_FILE:tinyaot>
                 --work ${CMAKE_BINARY_DIR}/robust/names)
set_tests_properties("robust: hostile names" PROPERTIES LABELS robust TIMEOUT 600)
