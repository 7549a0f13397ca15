/* Portable part of the TinyAOT test BSP: console buffering, a small printf,
 * stack painting and the instruction-count markers.
 * The port (arm/, riscv/, host/) provides bsp_port_write() and bsp_exit(). */
#include "bsp.h"

#include <stdarg.h>

void bsp_port_write(const char* s); /* write a NUL-terminated string */

/* ---------------------------------------------------------------- console */

static char g_line[256];
static unsigned g_len;

void bsp_flush(void) {
    if (g_len == 0) return;
    g_line[g_len] = '\0';
    bsp_port_write(g_line);
    g_len = 0;
}

static void put_char(char c) {
    g_line[g_len++] = c;
    if (c == '\n' || g_len == sizeof(g_line) - 1) bsp_flush();
}

void bsp_puts(const char* s) {
    while (*s) put_char(*s++);
}

/* Formats |v| (finite, non-negative) with 6 significant digits, "%g" style. */
static unsigned format_g(char* out, double v) {
    unsigned n = 0;
    int e = 0, i, nd;
    uint32_t d;
    char dig[6];
    if (v == 0.0) { out[0] = '0'; return 1; }
    while (v >= 10.0) { v /= 10.0; e++; }
    while (v < 1.0) { v *= 10.0; e--; }
    d = (uint32_t)(v * 100000.0 + 0.5);
    if (d >= 1000000u) { d /= 10u; e++; }
    for (i = 5; i >= 0; i--) { dig[i] = (char)('0' + d % 10u); d /= 10u; }
    for (nd = 6; nd > 1 && dig[nd - 1] == '0'; nd--) {}
    if (e < -4 || e >= 6) {                       /* d.ddddde+XX */
        out[n++] = dig[0];
        if (nd > 1) { out[n++] = '.'; for (i = 1; i < nd; i++) out[n++] = dig[i]; }
        out[n++] = 'e';
        out[n++] = e < 0 ? '-' : '+';
        if (e < 0) e = -e;
        if (e >= 100) out[n++] = (char)('0' + e / 100);
        out[n++] = (char)('0' + (e / 10) % 10);
        out[n++] = (char)('0' + e % 10);
    } else if (e >= 0) {                          /* ddd.ddd */
        for (i = 0; i <= e; i++) out[n++] = dig[i];
        if (nd > e + 1) { out[n++] = '.'; for (i = e + 1; i < nd; i++) out[n++] = dig[i]; }
    } else {                                      /* 0.000ddd */
        out[n++] = '0'; out[n++] = '.';
        for (i = 0; i < -e - 1; i++) out[n++] = '0';
        for (i = 0; i < nd; i++) out[n++] = dig[i];
    }
    return n;
}

static unsigned format_double(char* out, double v) {
    unsigned n = 0;
    if (v != v) { out[0] = 'n'; out[1] = 'a'; out[2] = 'n'; return 3; }
    if (v < 0.0) { out[n++] = '-'; v = -v; }
    if (v > 1.7976931348623157e308) { out[n++] = 'i'; out[n++] = 'n'; out[n++] = 'f'; return n; }
    return n + format_g(out + n, v);
}

static unsigned format_uint(char* out, unsigned long long v, unsigned base, int upper) {
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    unsigned n = 0, i;
    do { tmp[n++] = digits[v % base]; v /= base; } while (v);
    for (i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    return n;
}

void bsp_print_float(float v) {
    char buf[24];
    unsigned n = format_double(buf, (double)v);
    buf[n] = '\0';
    bsp_puts(buf);
}

void bsp_printf(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    while (*fmt) {
        char buf[32];
        const char* s = buf;
        unsigned n = 0, width = 0;
        int left = 0, zero = 0, lng = 0, neg = 0;
        char c = *fmt++;
        if (c != '%') { put_char(c); continue; }
        for (;; fmt++) {
            if (*fmt == '-') left = 1;
            else if (*fmt == '0') zero = 1;
            else break;
        }
        while (*fmt >= '0' && *fmt <= '9') width = width * 10u + (unsigned)(*fmt++ - '0');
        if (*fmt == '.') { fmt++; while (*fmt >= '0' && *fmt <= '9') fmt++; } /* ignored */
        for (;; fmt++) {
            if (*fmt == 'l') lng++;
            else if (*fmt == 'z') lng = sizeof(size_t) > sizeof(int) ? 2 : 0;
            else break;
        }
        c = *fmt ? *fmt++ : '\0';
        switch (c) {
        case 'd': case 'i': {
            long long v = lng >= 2 ? va_arg(ap, long long) : lng ? va_arg(ap, long) : va_arg(ap, int);
            unsigned long long u = (unsigned long long)v;
            if (v < 0) { neg = 1; u = 0ull - u; }
            n = format_uint(buf, u, 10, 0);
            break;
        }
        case 'u': case 'x': case 'X': {
            unsigned long long v = lng >= 2 ? va_arg(ap, unsigned long long)
                                 : lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
            n = format_uint(buf, v, c == 'u' ? 10 : 16, c == 'X');
            break;
        }
        case 'p':
            buf[0] = '0'; buf[1] = 'x';
            n = 2 + format_uint(buf + 2, (uintptr_t)va_arg(ap, void*), 16, 0);
            break;
        case 'f': case 'g': case 'e':
            n = format_double(buf, va_arg(ap, double));
            if (buf[0] == '-') { neg = 1; s = buf + 1; n--; }
            break;
        case 'c': buf[0] = (char)va_arg(ap, int); n = 1; break;
        case 's':
            s = va_arg(ap, const char*);
            if (!s) s = "(null)";
            while (s[n]) n++;
            break;
        case '%': buf[0] = '%'; n = 1; break;
        default: buf[0] = '%'; buf[1] = c; n = c ? 2 : 1; break;
        }
        if (neg && zero) put_char('-');
        if (!left) while (width > n + (unsigned)neg) { put_char(zero ? '0' : ' '); width--; }
        if (neg && !zero) put_char('-');
        for (unsigned i = 0; i < n; i++) put_char(s[i]);
        while (left && width > n + (unsigned)neg) { put_char(' '); width--; }
    }
    va_end(ap);
}

/* ------------------------------------------------------ benchmark markers */

/* The plugin keys on the first instruction of each function. The volatile
 * stores keep the two bodies different so identical-code folding (-fipa-icf,
 * ld --icf) can never merge them into one address. */
volatile uint32_t bsp_bench_state;

__attribute__((noinline, used)) void bsp_bench_begin(void) {
    bsp_bench_state = 0xBE61u;
    __asm__ volatile("" ::: "memory");
}

__attribute__((noinline, used)) void bsp_bench_end(void) {
    bsp_bench_state = 0xE7Du;
    __asm__ volatile("" ::: "memory");
}

/* ------------------------------------------------------- stack high-water */

#ifndef BSP_HOST
#define BSP_PAINT 0xC5A5C5A5u
extern uint32_t __bsp_stack_limit[];   /* from the linker script */
static uintptr_t g_paint_sp;

static inline uintptr_t current_sp(void) {
    uintptr_t sp;
#if defined(__arm__)
    __asm__ volatile("mov %0, sp" : "=r"(sp));
#elif defined(__riscv)
    __asm__ volatile("mv %0, sp" : "=r"(sp));
#else
#error "unsupported architecture"
#endif
    return sp;
}

/* Paints everything below the current stack pointer (there is no red zone
 * on these ABIs and interrupts are not used). */
void bsp_stack_paint(void) {
    volatile uint32_t* p = __bsp_stack_limit;
    uintptr_t sp = current_sp() & ~(uintptr_t)3;
    g_paint_sp = sp;
    while ((uintptr_t)p < sp) *p++ = BSP_PAINT;
}

size_t bsp_stack_free(void) {
    return g_paint_sp ? (size_t)(g_paint_sp - (uintptr_t)__bsp_stack_limit) : 0;
}

size_t bsp_stack_used(void) {
    const volatile uint32_t* p = __bsp_stack_limit;
    if (!g_paint_sp) return 0;
    while ((uintptr_t)p < g_paint_sp && *p == BSP_PAINT) p++;
    return (size_t)(g_paint_sp - (uintptr_t)p);
}

/* --------------------------------------------------------- libc support */

extern char __bsp_heap_start[], __bsp_heap_end[];
static char* g_brk = __bsp_heap_start;

/* Bounded heap for newlib/picolibc internals; the generated code must not
 * allocate, so this region is small (and empty on tiny boards). */
void* _sbrk(ptrdiff_t incr) {
    char* prev = g_brk;
    if (incr > __bsp_heap_end - g_brk || incr < __bsp_heap_start - g_brk) return (void*)-1;
    g_brk += incr;
    return prev;
}

void _exit(int code) { bsp_exit(code); }

void abort(void) {
    bsp_puts("\nbsp: abort() called\n");
    bsp_exit(BSP_EXIT_FAULT);
}

/* For C++ objects with static storage duration (crtbegin.o is not linked). */
__attribute__((weak)) void* __dso_handle = 0;
#endif
