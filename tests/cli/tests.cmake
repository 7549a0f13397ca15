# The CLI as a new user meets it: suggestions, -q/-v on every command,
# --version, names listed on error, the batch dimension, inspect --json and
# --target, the low-SQNR warning (usability.py).
add_test(NAME "cli: usability"
         COMMAND ${TINYAOT_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/usability.py --tinyaot $<TARGET_FILE:tinyaot>
                 --work ${CMAKE_BINARY_DIR}/cli-usability)
set_tests_properties("cli: usability" PROPERTIES LABELS cli TIMEOUT 300)
