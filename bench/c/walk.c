/*
 * The C baselines of bench/RESULTS.md: the benchmark's large x86-64 tree (X86TreeImage.build:
 * the same layout, entries and flags), walked over the lower canonical half with the same
 * semantics as HandWrittenX86Walker (present bit, PS at PDPT and PD, attributes writable/user
 * (and), nx (or), global, pwt, pcd and pat (set at the leaf), as x86_64.ptdesc), summing va + pa + size + level + entry +
 * attributes of every leaf: once with that work inlined, once through a function pointer
 * called per leaf; and with the work inlined on several threads (each sums the leaves of its
 * share of the page directories; the shares are cut before the clock starts, the threads are
 * started and joined inside it), to see how far this machine lets a walk scale. Prints the
 * leaf count and sum (to compare with the Java walks) and the walk times in milliseconds.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define P 1ULL
#define RW 2ULL
#define US 4ULL
#define PS 0x80ULL
#define G 0x100ULL
#define PWT 0x8ULL
#define PCD 0x10ULL
#define PAT 0x80ULL /* in a PTE */
#define XD (1ULL << 63)
#define ADDR 0x000ffffffffff000ULL
#define PAGE 4096ULL
#define FIRST_VA 0x0000555540000000ULL
#define DATA_BASE 0x0000010000000000ULL
#define PML4 0x1000ULL
#define PDPT 0x2000ULL
#define FIRST_PD 0x3000ULL

static uint8_t *mem;
static uint64_t sum, leaves;

static double now_ms(void);

typedef void (*leaf_fn)(uint64_t va, uint64_t pa, uint64_t size, int level, uint64_t e, uint64_t attrs);

static void __attribute__((noinline)) leaf_call(uint64_t va, uint64_t pa, uint64_t size, int level, uint64_t e, uint64_t attrs) {
    sum += va + pa + size + (uint64_t) level + e + attrs;
    leaves++;
}

static leaf_fn volatile callback = leaf_call;

static inline uint64_t rd(uint64_t pa) {
    uint64_t v;
    memcpy(&v, mem + pa, 8);
    return v;
}

static inline uint64_t table_attrs(uint64_t acc, uint64_t e) {
    return (acc & (~3ULL | ((e >> 1) & 1) | ((e & US) >> 1))) | ((e >> 63) << 2);
}

/* G (bit 8) to bit 3, PWT and PCD (bits 3, 4) to bits 4 and 5, PAT (bit 7 of a PTE, 12 of a large page) to bit 6. */
static inline uint64_t leaf_attrs(uint64_t acc, uint64_t e, int pat_bit) {
    return (table_attrs(acc, e) & ~0x78ULL) | (((e >> 8) & 1) << 3) | ((e & 0x18) << 1) | (((e >> pat_bit) & 1) << 6);
}

#define LEAF(va, pa, size, level, e, attrs, INLINE)                                   \
    do {                                                                              \
        if (INLINE) {                                                                 \
            sum += (va) + (pa) + (size) + (uint64_t) (level) + (e) + (attrs);         \
            leaves++;                                                                 \
        } else {                                                                      \
            callback((va), (pa), (size), (level), (e), (attrs));                      \
        }                                                                             \
    } while (0)

#define WALKER(NAME, INLINE)                                                                        \
    static void NAME##_pt(uint64_t t, uint64_t base, uint64_t acc) {                                \
        for (uint64_t i = 0; i < 512; i++) {                                                        \
            uint64_t e = rd(t + 8 * i);                                                             \
            if (!(e & P)) continue;                                                                 \
            uint64_t va = base + (i << 12);                                                         \
            LEAF(va, e & ADDR, PAGE, 3, e, leaf_attrs(acc, e, 7), INLINE);                          \
        }                                                                                           \
    }                                                                                               \
    static void NAME##_pd(uint64_t t, uint64_t base, uint64_t acc) {                                \
        for (uint64_t i = 0; i < 512; i++) {                                                        \
            uint64_t e = rd(t + 8 * i);                                                             \
            if (!(e & P)) continue;                                                                 \
            uint64_t va = base + (i << 21);                                                         \
            if (e & PS) LEAF(va, e & ADDR & ~((1ULL << 21) - 1), 1ULL << 21, 2, e, leaf_attrs(acc, e, 12), INLINE); \
            else NAME##_pt(e & ADDR, va, table_attrs(acc, e));                                      \
        }                                                                                           \
    }                                                                                               \
    static void NAME##_pdpt(uint64_t t, uint64_t base, uint64_t acc) {                              \
        for (uint64_t i = 0; i < 512; i++) {                                                        \
            uint64_t e = rd(t + 8 * i);                                                             \
            if (!(e & P)) continue;                                                                 \
            uint64_t va = base + (i << 30);                                                         \
            if (e & PS) LEAF(va, e & ADDR & ~((1ULL << 30) - 1), 1ULL << 30, 1, e, leaf_attrs(acc, e, 12), INLINE); \
            else NAME##_pd(e & ADDR, va, table_attrs(acc, e));                                      \
        }                                                                                           \
    }                                                                                               \
    static void NAME(uint64_t cr3) {                                                                \
        for (uint64_t i = 0; i < 256; i++) { /* the lower half */                                   \
            uint64_t e = rd((cr3 & ADDR) + 8 * i);                                                  \
            if (!(e & P)) continue;                                                                 \
            NAME##_pdpt(e & ADDR, i << 39, table_attrs(3, e));                                      \
        }                                                                                           \
    }

WALKER(walk_inlined, 1)
WALKER(walk_callback, 0)

/* One thread's share of the parallel walk: page directories (with their address and attributes), and its sums. */
struct share {
    const uint64_t *dirs;
    size_t count;
    uint64_t sum, leaves;
};

static void *walk_share(void *arg) {
    struct share *s = arg;
    uint64_t total = 0, n = 0;
    for (size_t d = 0; d < s->count; d++) {
        uint64_t t = s->dirs[3 * d], base = s->dirs[3 * d + 1], acc = s->dirs[3 * d + 2];
        for (uint64_t i = 0; i < 512; i++) {
            uint64_t e = rd(t + 8 * i);
            if (!(e & P)) continue;
            uint64_t va = base + (i << 21);
            if (e & PS) {
                total += va + (e & ADDR & ~((1ULL << 21) - 1)) + (1ULL << 21) + 2 + e + leaf_attrs(acc, e, 12);
                n++;
                continue;
            }
            uint64_t pt = e & ADDR, pacc = table_attrs(acc, e);
            for (uint64_t j = 0; j < 512; j++) {
                uint64_t f = rd(pt + 8 * j);
                if (!(f & P)) continue;
                total += va + (j << 12) + (f & ADDR) + PAGE + 3 + f + leaf_attrs(pacc, f, 7);
                n++;
            }
        }
    }
    s->sum = total;
    s->leaves = n;
    return 0;
}

/* The lower half's page directories in address order, three words each (table, address, attributes); no 1 GiB pages here. */
static size_t page_directories(uint64_t cr3, uint64_t **out) {
    size_t n = 0, cap = 64;
    uint64_t *dirs = malloc(3 * cap * sizeof *dirs);
    for (uint64_t i = 0; i < 256; i++) {
        uint64_t e = rd((cr3 & ADDR) + 8 * i);
        if (!(e & P)) continue;
        uint64_t pdpt = e & ADDR, acc = table_attrs(3, e);
        for (uint64_t j = 0; j < 512; j++) {
            uint64_t f = rd(pdpt + 8 * j);
            if (!(f & P) || (f & PS)) continue;
            if (n == cap) dirs = realloc(dirs, 3 * (cap *= 2) * sizeof *dirs);
            dirs[3 * n] = f & ADDR;
            dirs[3 * n + 1] = (i << 39) + (j << 30);
            dirs[3 * n + 2] = table_attrs(acc, f);
            n++;
        }
    }
    *out = dirs;
    return n;
}

static void measure_threads(int threads, uint64_t cr3, int runs) {
    uint64_t *dirs;
    size_t count = page_directories(cr3, &dirs);
    struct share shares[64];
    pthread_t ids[64];
    double best = 1e30, total = 0;
    for (int r = -5; r < runs; r++) {
        for (int k = 0; k < threads; k++) {
            size_t from = count * k / threads, to = count * (k + 1) / threads;
            shares[k] = (struct share) {dirs + 3 * from, to - from, 0, 0};
        }
        double t0 = now_ms();
        for (int k = 1; k < threads; k++) pthread_create(&ids[k], 0, walk_share, &shares[k]);
        walk_share(&shares[0]);
        for (int k = 1; k < threads; k++) pthread_join(ids[k], 0);
        double t = now_ms() - t0;
        sum = 0;
        leaves = 0;
        for (int k = 0; k < threads; k++) {
            sum += shares[k].sum;
            leaves += shares[k].leaves;
        }
        if (r >= 0) {
            total += t;
            if (t < best) best = t;
        }
    }
    printf("C, leaf work inlined, %d threads: leaves %llu sum 0x%016llx  mean %.2f ms  best %.2f ms  (%d walks)\n", threads,
           (unsigned long long) leaves, (unsigned long long) sum, total / runs, best, runs);
    free(dirs);
}

static void put(uint64_t pa, uint64_t e) { memcpy(mem + pa, &e, 8); }

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void measure(const char *name, void (*walk)(uint64_t), uint64_t cr3, int runs) {
    double best = 1e30, total = 0;
    for (int r = -5; r < runs; r++) {
        sum = 0;
        leaves = 0;
        double t0 = now_ms();
        walk(cr3);
        double t = now_ms() - t0;
        if (r >= 0) {
            total += t;
            if (t < best) best = t;
        }
    }
    printf("%s: leaves %llu sum 0x%016llx  mean %.2f ms  best %.2f ms  (%d walks)\n", name,
           (unsigned long long) leaves, (unsigned long long) sum, total / runs, best, runs);
}

int main(int argc, char **argv) {
    uint64_t bytes = (argc > 1 ? strtoull(argv[1], 0, 10) : 16ULL << 30);
    int runs = argc > 2 ? atoi(argv[2]) : 50;
    uint64_t pages = bytes / PAGE, pts = pages / 512, dirs = (pts + 511) / 512;
    uint64_t first_pt = FIRST_PD + dirs * PAGE, size = first_pt + pts * PAGE;
    mem = aligned_alloc(PAGE, size);
    if (!mem) return 1;
    memset(mem, 0, size);
    put(PML4 + 8 * ((FIRST_VA >> 39) & 511), PDPT | P | RW | US);
    for (uint64_t d = 0; d < dirs; d++) put(PDPT + 8 * (((FIRST_VA >> 30) & 511) + d), (FIRST_PD + d * PAGE) | P | RW | US);
    for (uint64_t t = 0; t < pts; t++) put(FIRST_PD + 8 * t, (first_pt + t * PAGE) | P | RW | US);
    uint64_t mask = (pages & (pages - 1)) == 0 ? pages - 1 : ~0ULL;
    for (uint64_t i = 0; i < pages; i++) {
        uint64_t frame = mask == ~0ULL ? i : (i * 0x9E3779B1ULL) & mask;
        uint64_t flags = P | US | (i % 7 == 0 ? 0 : RW) | (i % 3 == 0 ? XD : 0) | (i % 5 == 0 ? G : 0)
                | (i % 11 == 0 ? PWT : 0) | (i % 13 == 0 ? PCD : 0) | (i % 17 == 0 ? PAT : 0);
        put(first_pt + 8 * i, (DATA_BASE + frame * PAGE) | flags);
    }
    measure("C, leaf work inlined", walk_inlined, PML4 | 0x18, runs);
    measure("C, leaf callback", walk_callback, PML4 | 0x18, runs);
    for (int threads = 1; threads <= (argc > 3 ? atoi(argv[3]) : 2) && threads <= 64; threads++) measure_threads(threads, PML4 | 0x18, runs);
    return 0;
}
