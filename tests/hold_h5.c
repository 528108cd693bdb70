/* hold_h5.c — test helper for io_faults.sh: opens an HDF5 file for writing
 * (so HDF5 takes its exclusive file lock), says "ready" on stdout and holds
 * the file open until it is killed or SECONDS pass.
 * usage: hold_h5 FILE SECONDS */
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s FILE SECONDS\n", argv[0]);
        return 2;
    }
    hid_t f = H5Fopen(argv[1], H5F_ACC_RDWR, H5P_DEFAULT);
    if (f < 0) {
        fprintf(stderr, "hold_h5: cannot open %s for writing\n", argv[1]);
        return 1;
    }
    printf("ready\n");
    fflush(stdout);
    sleep((unsigned)atoi(argv[2]));
    H5Fclose(f);
    return 0;
}
