/*
 * odroid-trace: a QEMU TCG plugin that records a boot as the sequence of translation blocks the guest
 * executes, for odroid-build's boot trace (docs/boot-trace.md). Written for QEMU's plugin API version 1
 * (QEMU 7.2: no register access), for one vCPU (the virt board of a boot proof has one).
 *
 * Arguments: dir=DIR (required), kernel=ADDRESS (default 0xbf000000: 32-bit ARM's modules and kernel),
 * every=N (a time word after every N blocks, default 4096).
 * DIR/blocks.bin: one 8-byte entry per translated block, its index the block's id: u32 guest vaddr of its
 *   first instruction, u32 instruction count (a block translated again gets a new id).
 * DIR/exec.bin: little-endian u32 words, in execution order:
 *   id < 0x80000000          the block with this id ran (all its instructions counted)
 *   0x80000000 lo hi         host time: ns since the plugin started (CLOCK_MONOTONIC)
 *   0x80000001 ilo ihi blo bhi  before the first block at or above `kernel` ran (firmware, the zImage
 *                            decompressor), so many instructions and blocks ran and were not recorded
 * DIR/start.bin: u64 CLOCK_REALTIME ns and u64 CLOCK_MONOTONIC ns when the plugin started.
 * The file ends with a time word.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

enum { WORDS = 1 << 18, TIME_WORD = 0x80000000u, SKIPPED_WORD = 0x80000001u };

struct stream {
    FILE *file;
    uint32_t words[WORDS];
    size_t used;
};

static struct stream executed, translated;
static uint64_t kernel_start = 0xbf000000u;
static uint64_t every = 4096;
static uint64_t since_time;
static uint64_t start_ns;
static int in_kernel;
static uint64_t skipped_insns, skipped_blocks;
static uint32_t next_id;
static uint32_t *block_insns;
static size_t block_capacity;

static uint64_t clock_ns(clockid_t clock)
{
    struct timespec now;
    clock_gettime(clock, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

static void flush(struct stream *stream)
{
    if (stream->used > 0 && stream->file != NULL) {
        fwrite(stream->words, sizeof(uint32_t), stream->used, stream->file);
    }
    stream->used = 0;
}

static inline void put(struct stream *stream, uint32_t word)
{
    stream->words[stream->used++] = word;
    if (stream->used == WORDS) {
        flush(stream);
    }
}

static void put_wide(struct stream *stream, uint64_t value)
{
    put(stream, (uint32_t)value);
    put(stream, (uint32_t)(value >> 32));
}

static void put_time(void)
{
    put(&executed, TIME_WORD);
    put_wide(&executed, clock_ns(CLOCK_MONOTONIC) - start_ns);
    since_time = 0;
}

static void block_executed(unsigned int vcpu, void *packed)
{
    uint64_t value = (uint64_t)(uintptr_t)packed;
    uint32_t id = (uint32_t)value;
    if (!in_kernel) {
        if ((value >> 32) < kernel_start) {
            skipped_blocks++;
            skipped_insns += block_insns[id];
            return;
        }
        in_kernel = 1;
        put(&executed, SKIPPED_WORD);
        put_wide(&executed, skipped_insns);
        put_wide(&executed, skipped_blocks);
        put_time();
    }
    put(&executed, id);
    if (++since_time == every) {
        put_time();
    }
}

static void block_translated(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    uint64_t vaddr = qemu_plugin_tb_vaddr(tb) & 0xffffffffu;
    uint32_t count = (uint32_t)qemu_plugin_tb_n_insns(tb);
    uint32_t block = next_id++;
    if (block >= block_capacity) {
        block_capacity = block_capacity ? block_capacity * 2 : 1 << 16;
        block_insns = realloc(block_insns, block_capacity * sizeof *block_insns);
        if (block_insns == NULL) {
            fprintf(stderr, "odroid-trace: out of memory\n");
            abort();
        }
    }
    block_insns[block] = count;
    put(&translated, (uint32_t)vaddr);
    put(&translated, count);
    qemu_plugin_register_vcpu_tb_exec_cb(tb, block_executed, QEMU_PLUGIN_CB_NO_REGS, (void *)(uintptr_t)(vaddr << 32 | block));
}

static void finished(qemu_plugin_id_t id, void *unused)
{
    put_time();
    flush(&executed);
    flush(&translated);
    fclose(executed.file);
    fclose(translated.file);
}

static FILE *open_in(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *file = fopen(path, "wb");
    if (file == NULL) {
        perror(path);
    }
    return file;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
    const char *dir = NULL;
    for (int i = 0; i < argc; i++) {
        if (strncmp(argv[i], "dir=", 4) == 0) {
            dir = argv[i] + 4;
        } else if (strncmp(argv[i], "kernel=", 7) == 0) {
            kernel_start = strtoull(argv[i] + 7, NULL, 0);
        } else if (strncmp(argv[i], "every=", 6) == 0) {
            every = strtoull(argv[i] + 6, NULL, 10);
        } else {
            fprintf(stderr, "odroid-trace: unknown argument %s (expected dir=DIR, kernel=ADDRESS, every=N)\n", argv[i]);
            return -1;
        }
    }
    if (dir == NULL || every == 0) {
        fprintf(stderr, "odroid-trace: needs dir=DIR (and every=N > 0)\n");
        return -1;
    }
    FILE *start = open_in(dir, "start.bin");
    executed.file = open_in(dir, "exec.bin");
    translated.file = open_in(dir, "blocks.bin");
    if (start == NULL || executed.file == NULL || translated.file == NULL) {
        return -1;
    }
    uint64_t clocks[2] = {clock_ns(CLOCK_REALTIME), clock_ns(CLOCK_MONOTONIC)};
    start_ns = clocks[1];
    fwrite(clocks, sizeof clocks, 1, start);
    fclose(start);
    qemu_plugin_register_vcpu_tb_trans_cb(id, block_translated);
    qemu_plugin_register_atexit_cb(id, finished, NULL);
    return 0;
}
