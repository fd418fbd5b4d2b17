/* SPDX-License-Identifier: MIT */
/*
 * embed.c - build-time generator: turns files into a C array of
 * struct embedded_file (util/embed.h) with their SHA-256.  Never shipped.
 *
 * usage: embed [--compress] OUT.c SYMBOL PREFIX FILE...
 * Each file's path is stored with PREFIX removed from its front.  With
 * --compress (the web assets), each file is also stored gzip- and
 * brotli-compressed, at the strongest levels: the work is done once here
 * instead of on every request, and a first load over a slow line carries
 * a third of the bytes.
 */
#include <brotli/encode.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data = NULL;
    size_t cap = 0;
    size_t n = 0;

    if (f == NULL)
        return NULL;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 65536;
            unsigned char *grown = realloc(data, cap);
            if (grown == NULL) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = grown;
        }
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    *len = n;
    return data;
}

/*
 * 'data' as a gzip member (RFC 1952) at level 9, in '*out' (malloc'd) of
 * '*out_len' bytes.  The header carries no name and no time, so the
 * output depends on the bytes alone and builds are reproducible.
 */
static int gzip_bytes(const unsigned char *data, size_t len,
                      unsigned char **out, size_t *out_len)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    /* 15 + 16: a 32 KiB window with a gzip header and trailer. */
    if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return -1;
    uLong cap = deflateBound(&z, (uLong)len);
    unsigned char *buf = malloc(cap);
    if (buf == NULL) {
        deflateEnd(&z);
        return -1;
    }
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = buf;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    *out_len = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(buf);
        return -1;
    }
    *out = buf;
    return 0;
}

/* 'data' as a brotli stream (RFC 7932) at quality 11, like gzip_bytes. */
static int brotli_bytes(const unsigned char *data, size_t len,
                        unsigned char **out, size_t *out_len)
{
    size_t cap = BrotliEncoderMaxCompressedSize(len);
    if (cap == 0)
        cap = len + 1024;
    unsigned char *buf = malloc(cap);
    if (buf == NULL)
        return -1;
    *out_len = cap;
    if (!BrotliEncoderCompress(BROTLI_MAX_QUALITY, BROTLI_DEFAULT_WINDOW,
                               BROTLI_MODE_TEXT, len, data, out_len, buf)) {
        free(buf);
        return -1;
    }
    *out = buf;
    return 0;
}

static void write_array(FILE *out, const char *name, int i,
                        const unsigned char *data, size_t len)
{
    fprintf(out, "static const unsigned char %s%d[] = {", name, i);
    for (size_t k = 0; k < len; k++)
        fprintf(out, "%s%u,", k % 20 == 0 ? "\n" : "", data[k]);
    fprintf(out, "0};\n");
}

/*
 * A compressed form is kept only when it saves at least a tenth and
 * 256 bytes: already-compressed files (PNG, WOFF2) and tiny ones are not
 * worth a Content-Encoding.
 */
static int worth_it(size_t plain, size_t packed)
{
    return packed + 256 <= plain && packed * 10 <= plain * 9;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Write the compressed forms of 'data' that are worth keeping as arrays
 * g<i> and b<i>; their lengths go to '*gz_len' and '*br_len' (0: none).
 */
static int write_compressed(FILE *out, int i, const unsigned char *data,
                            size_t len, size_t *gz_len, size_t *br_len)
{
    unsigned char *packed = NULL;
    size_t n = 0;

    *gz_len = 0;
    *br_len = 0;
    if (gzip_bytes(data, len, &packed, &n) != 0)
        return -1;
    if (worth_it(len, n)) {
        write_array(out, "g", i, packed, n);
        *gz_len = n;
    }
    free(packed);
    if (brotli_bytes(data, len, &packed, &n) != 0)
        return -1;
    if (worth_it(len, n)) {
        write_array(out, "b", i, packed, n);
        *br_len = n;
    }
    free(packed);
    return 0;
}

int main(int argc, char **argv)
{
    int compress = 0;
    if (argc > 1 && strcmp(argv[1], "--compress") == 0) {
        compress = 1;
        argv++;
        argc--;
    }
    if (argc < 4 || sodium_init() < 0) {
        fprintf(stderr,
                "usage: embed [--compress] OUT.c SYMBOL PREFIX FILE...\n");
        return 2;
    }
    const char *sym = argv[2];
    const char *prefix = argv[3];
    size_t plen = strlen(prefix);
    int nfiles = argc - 4;
    FILE *out = fopen(argv[1], "w");
    /* The compressed lengths, for the table (0: not kept). */
    size_t *gz = calloc((size_t)nfiles + 1, sizeof(size_t));
    size_t *br = calloc((size_t)nfiles + 1, sizeof(size_t));

    if (out == NULL || gz == NULL || br == NULL) {
        perror(argv[1]);
        return 1;
    }
    /* A stable order makes the output reproducible. */
    qsort(argv + 4, (size_t)nfiles, sizeof(char *), cmp_str);
    fprintf(out, "/* Generated by tools/embed.c; do not edit. */\n");
    fprintf(out, "#include <stddef.h>\n#include \"util/embed.h\"\n\n");
    for (int i = 0; i < nfiles; i++) {
        size_t len = 0;
        unsigned char *data = slurp(argv[4 + i], &len);
        if (data == NULL) {
            perror(argv[4 + i]);
            fclose(out);
            remove(argv[1]);
            return 1;
        }
        write_array(out, "f", i, data, len);
        if (compress &&
            write_compressed(out, i, data, len, &gz[i], &br[i]) != 0) {
            fprintf(stderr, "embed: cannot compress %s\n", argv[4 + i]);
            free(data);
            fclose(out);
            remove(argv[1]);
            return 1;
        }
        free(data);
    }
    fprintf(out, "\nconst struct embedded_file %s[] = {\n", sym);
    for (int i = 0; i < nfiles; i++) {
        const char *path = argv[4 + i];
        size_t len = 0;
        unsigned char *data = slurp(path, &len);
        unsigned char digest[crypto_hash_sha256_BYTES];
        char hex[2 * crypto_hash_sha256_BYTES + 1];
        char gname[24] = "NULL";
        char bname[24] = "NULL";
        crypto_hash_sha256(digest, data, len);
        sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
        free(data);
        if (strncmp(path, prefix, plen) == 0)
            path += plen;
        if (gz[i] > 0)
            snprintf(gname, sizeof(gname), "g%d", i);
        if (br[i] > 0)
            snprintf(bname, sizeof(bname), "b%d", i);
        fprintf(out, "    {\"%s\", f%d, %zu, \"%s\", %s, %zu, %s, %zu},\n",
                path, i, len, hex, gname, gz[i], bname, br[i]);
    }
    /* A closing empty entry keeps the array valid C when there are no
     * files; the count leaves it out. */
    fprintf(out, "    {NULL, NULL, 0, NULL, NULL, 0, NULL, 0},\n};\n");
    fprintf(out, "const size_t %s_count = %d;\n", sym, nfiles);
    free(gz);
    free(br);
    if (fclose(out) != 0) {
        remove(argv[1]);
        return 1;
    }
    return 0;
}
