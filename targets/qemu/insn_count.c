/* insn_count: QEMU TCG plugin counting executed guest instructions exactly.
 *
 *   -plugin insn_count.so,begin=0xADDR,end=0xADDR[,out=FILE]
 *
 * Every guest instruction gets an inline "counter += 1" (exact even when a
 * translation block is left early by an exception). The first instruction of
 * the function at `begin` (bsp_bench_begin) and of the one at `end`
 * (bsp_bench_end) additionally get a callback that snapshots the counter:
 * each begin..end pair is a region, regions are not nested (a begin while a
 * region is open is ignored). At exit it prints to stderr (or appends to FILE):
 *
 *   insn_region: K N     instructions in region K (K = 0, 1, ...)
 *   insn_count: N        region 0 (the first begin and its matching end)
 *   insn_total: N        all instructions executed by the guest
 *
 * Each region count includes a constant marker overhead; firmware measures
 * an empty region first so that region[1] - region[0] is exact (run.py). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_plugin_min.h"

TA_PLUGIN_EXPORT int qemu_plugin_version = TA_QEMU_PLUGIN_VERSION;

#define MAX_REGIONS 64

static uint64_t g_total;      /* incremented inline by every guest instruction */
static uint64_t g_begin_addr, g_end_addr;
static int g_have_markers;
static int g_active;
static uint64_t g_region_start;
static uint64_t g_regions[MAX_REGIONS];
static unsigned g_nregions, g_dropped;
static char* g_out_path;

static void on_begin(unsigned int vcpu, void* ud) {
    (void)vcpu; (void)ud;
    if (!g_active) {
        g_active = 1;
        g_region_start = g_total;
    }
}

static void on_end(unsigned int vcpu, void* ud) {
    (void)vcpu; (void)ud;
    if (!g_active) return;
    g_active = 0;
    if (g_nregions < MAX_REGIONS)
        g_regions[g_nregions++] = g_total - g_region_start;
    else
        g_dropped++;
}

static void on_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb* tb) {
    size_t i, n = qemu_plugin_tb_n_insns(tb);
    (void)id;
    for (i = 0; i < n; i++) {
        struct qemu_plugin_insn* insn = qemu_plugin_tb_get_insn(tb, i);
        /* Whether QEMU runs the callback before or after the inline add of
         * the same instruction, it does so at begin and at end alike: each
         * region counts from begin's first instruction up to end's. */
        if (g_have_markers) {
            uint64_t pc = qemu_plugin_insn_vaddr(insn);
            if (pc == g_begin_addr)
                qemu_plugin_register_vcpu_insn_exec_cb(insn, on_begin, QEMU_PLUGIN_CB_NO_REGS, NULL);
            if (pc == g_end_addr)
                qemu_plugin_register_vcpu_insn_exec_cb(insn, on_end, QEMU_PLUGIN_CB_NO_REGS, NULL);
        }
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &g_total, 1);
    }
}

static void on_exit_cb(qemu_plugin_id_t id, void* ud) {
    FILE* f = stderr;
    unsigned k;
    (void)id; (void)ud;
    if (g_out_path) {
        f = fopen(g_out_path, "a");
        if (!f) f = stderr;
    }
    for (k = 0; k < g_nregions; k++)
        fprintf(f, "insn_region: %u %llu\n", k, (unsigned long long)g_regions[k]);
    if (g_active) fprintf(f, "insn_unterminated_region: 1\n");
    if (g_dropped) fprintf(f, "insn_dropped_regions: %u\n", g_dropped);
    if (g_nregions) fprintf(f, "insn_count: %llu\n", (unsigned long long)g_regions[0]);
    fprintf(f, "insn_total: %llu\n", (unsigned long long)g_total);
    if (f != stderr) fclose(f);
    else fflush(f);
}

static int parse_addr(const char* s, uint64_t* out) {
    char* endp;
    *out = strtoull(s, &endp, 0);
    return *s != '\0' && *endp == '\0';
}

TA_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t* info, int argc,
                                         char** argv) {
    int i, have_begin = 0, have_end = 0;
    (void)info;
    for (i = 0; i < argc; i++) {
        const char* a = argv[i];
        if (strncmp(a, "begin=", 6) == 0 && parse_addr(a + 6, &g_begin_addr)) {
            have_begin = 1;
        } else if (strncmp(a, "end=", 4) == 0 && parse_addr(a + 4, &g_end_addr)) {
            have_end = 1;
        } else if (strncmp(a, "out=", 4) == 0 && a[4]) {
            g_out_path = strdup(a + 4);
        } else {
            fprintf(stderr, "insn_count: bad argument '%s' (expected begin=ADDR, end=ADDR, out=FILE)\n", a);
            return -1;
        }
    }
    if (have_begin != have_end) {
        fprintf(stderr, "insn_count: give both begin= and end=\n");
        return -1;
    }
    /* Thumb function symbols have bit 0 set; instruction addresses do not. */
    g_begin_addr &= ~(uint64_t)1;
    g_end_addr &= ~(uint64_t)1;
    g_have_markers = have_begin;
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_tb_trans);
    qemu_plugin_register_atexit_cb(id, on_exit_cb, NULL);
    return 0;
}
