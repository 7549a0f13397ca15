/* Host port of the TinyAOT test BSP (compile bsp_common.c with -DBSP_HOST).
 * Output goes to stdout; the stack high-water mark is not measured. */
#include <stdio.h>
#include <stdlib.h>

#include "bsp.h"

void bsp_port_write(const char* s);

void bsp_port_write(const char* s) { fputs(s, stdout); }

void bsp_exit(int code) {
    bsp_flush();
    fflush(stdout);
    exit(code);
}

void bsp_stack_paint(void) {}
size_t bsp_stack_used(void) { return 0; }
size_t bsp_stack_free(void) { return 0; }
