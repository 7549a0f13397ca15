# int8 execution: quantization node tests, QDQ models vs ONNX Runtime, and the
# integer-only check. Unit tests: tests/unit/quant_*_test.cpp.

# ONNX backend node tests of QuantizeLinear, DequantizeLinear, QLinearConv,
# QLinearMatMul, ConvInteger, MatMulInteger (exact integer match).
add_test(NAME "quant: node tests"
         COMMAND ${TINYAOT_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/run_node_tests.py
                 --tinyaot $<TARGET_FILE:tinyaot> --work ${CMAKE_BINARY_DIR}/quant-node)
set_tests_properties("quant: node tests" PROPERTIES LABELS quant TIMEOUT 600)

# QDQ models (qdq_models.py) imported, built with -Werror, run on the host and
# compared code by code with ONNX Runtime; also checks that only int8 kernels
# run between the boundary QuantizeLinear/DequantizeLinear.
add_test(NAME "quant: qdq models vs onnxruntime"
         COMMAND ${TINYAOT_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/run_qdq_tests.py
                 --tinyaot $<TARGET_FILE:tinyaot> --work ${CMAKE_BINARY_DIR}/quant-qdq)
set_tests_properties("quant: qdq models vs onnxruntime" PROPERTIES LABELS quant TIMEOUT 900 SKIP_RETURN_CODE 77)

# ONNX Runtime's other quantized forms (qop_models.py): the QOperator format
# (QLinearConv, com.microsoft QLinearAdd/Mul/Concat/Sigmoid/LeakyRelu/
# AveragePool/GlobalAveragePool/Softmax, QGemm, MaxPool/Transpose/Reshape/Pad
# on codes), com.microsoft QuantizeLinear/DequantizeLinear, QDQ saved with IR 13
# and opset 22, and residual networks whose DequantizeLinears feed several
# consumers (compared with their exact meaning, qdq_exact.py).
add_test(NAME "quant: QOperator and contrib models vs onnxruntime"
         COMMAND ${TINYAOT_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/run_qdq_tests.py --suite qop
                 --tinyaot $<TARGET_FILE:tinyaot> --work ${CMAKE_BINARY_DIR}/quant-qop)
set_tests_properties("quant: QOperator and contrib models vs onnxruntime" PROPERTIES LABELS quant TIMEOUT 900
                     SKIP_RETURN_CODE 77)

# Built for Cortex-M0+ (soft float) without inlining: soft-float and libm
# calls only in the boundary quantize/dequantize kernels.
add_test(NAME "quant: integer-only int8 layers"
         COMMAND ${TINYAOT_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/check_integer_only.py
                 --tinyaot $<TARGET_FILE:tinyaot> --work ${CMAKE_BINARY_DIR}/quant-intonly)
set_tests_properties("quant: integer-only int8 layers" PROPERTIES LABELS quant TIMEOUT 600 SKIP_RETURN_CODE 77)

# Arm DSP (SMLAD) int8 kernels under QEMU (Cortex-M4), exact against ONNX Runtime.
add_test(NAME "quant: armdsp kernels on cortex-m4"
         COMMAND ${TINYAOT_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/run_armdsp_tests.py
                 --tinyaot $<TARGET_FILE:tinyaot> --work ${CMAKE_BINARY_DIR}/quant-armdsp)
set_tests_properties("quant: armdsp kernels on cortex-m4" PROPERTIES LABELS "quant;target" TIMEOUT 900
                     SKIP_RETURN_CODE 77)
