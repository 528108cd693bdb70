/* h5edit.c — test helper for tests/hostile/: crafts hostile results files
 * from real ones by renaming links and replacing string attributes, so the
 * names and units a reader meets can hold any bytes (newlines, quotes,
 * gnuplot and spreadsheet syntax). Checks nothing about the file's format.
 * usage: h5edit FILE mv SRC DST | h5edit FILE attr OBJECT NAME VALUE */
#include <hdf5.h>
#include <stdio.h>
#include <string.h>

/* attr: a scalar fixed-length UTF-8 string, as the writer stores them. */
static int set_attr(hid_t f, const char *obj, const char *name, const char *value)
{
    int rc = -1;
    hid_t o = H5Oopen(f, obj, H5P_DEFAULT), t = -1, sp = -1, a = -1;
    if (o < 0) return -1;
    if (H5Aexists(o, name) > 0 && H5Adelete(o, name) < 0) goto done;
    if ((t = H5Tcopy(H5T_C_S1)) < 0 || H5Tset_size(t, strlen(value) + 1) < 0 ||
        H5Tset_strpad(t, H5T_STR_NULLTERM) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0)
        goto done;
    if ((sp = H5Screate(H5S_SCALAR)) < 0) goto done;
    if ((a = H5Acreate2(o, name, t, sp, H5P_DEFAULT, H5P_DEFAULT)) < 0) goto done;
    if (H5Awrite(a, t, value) < 0) goto done;
    rc = 0;
done:
    if (a >= 0) H5Aclose(a);
    if (sp >= 0) H5Sclose(sp);
    if (t >= 0) H5Tclose(t);
    H5Oclose(o);
    return rc;
}

int main(int argc, char **argv)
{
    int mv = argc == 5 && !strcmp(argv[2], "mv"), attr = argc == 6 && !strcmp(argv[2], "attr");
    if (!mv && !attr) {
        fprintf(stderr, "usage: %s FILE mv SRC DST | %s FILE attr OBJECT NAME VALUE\n", argv[0],
                argv[0]);
        return 2;
    }
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL); /* one line of its own instead of HDF5's trace */
    hid_t f = H5Fopen(argv[1], H5F_ACC_RDWR, H5P_DEFAULT);
    if (f < 0) {
        fprintf(stderr, "h5edit: cannot open %s for writing\n", argv[1]);
        return 1;
    }
    int rc = mv ? (H5Lmove(f, argv[3], f, argv[4], H5P_DEFAULT, H5P_DEFAULT) < 0 ? -1 : 0)
                : set_attr(f, argv[3], argv[4], argv[5]);
    if (H5Fclose(f) < 0) rc = -1;
    if (rc < 0) fprintf(stderr, "h5edit: %s %s: failed\n", argv[1], argv[2]);
    return rc < 0 ? 1 : 0;
}
