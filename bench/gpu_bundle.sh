#!/bin/sh
# gpu_bundle.sh — prepare the one-shot GPU check (bench/gpu_check.sh) so that
# the GPU machine, which has no libyaml, HDF5, nettle or cmocka and no
# network, needs no build. Run on a build machine from the project root (a
# clone or a git worktree):   sh bench/gpu_bundle.sh
# It builds a CUDA-enabled Release tree (build-gpu/), copies depinsim, every
# test_cuda* program, h5diff and h5ls into .gpu/bin and every shared library
# they load beyond glibc into .gpu/lib, glibc itself into .gpu/glibc (for a
# GPU machine whose glibc is older), check.sh beside them (.gpu/ is
# git-ignored); then proves the bundle loads in a clean environment: every
# library resolves inside .gpu/lib or glibc, and each program starts, both
# with the system's glibc and through the bundled one. On the GPU machine, from a copy
# of the project root that holds .gpu/:   sh .gpu/check.sh   (into $OUT).
set -eu
[ -f CMakeLists.txt ] && [ -d models ] || { echo "gpu_bundle: run from the project root" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}

# .gpu/ and build-gpu/ stay out of git: .gitignore has them; a checkout
# without that line gets them in its exclude file (a worktree's .git is a
# file, so ask git where that is)
for d in .gpu build-gpu; do
    if ! git check-ignore -q "$d/" 2>/dev/null; then
        ex=$(git rev-parse --git-path info/exclude)
        mkdir -p "$(dirname "$ex")"
        echo "/$d/" >>"$ex"
    fi
done

echo "gpu_bundle: building build-gpu/ (Release, CUDA) with $jobs jobs"
cmake -S . -B build-gpu -DCMAKE_BUILD_TYPE=Release -DDS_CUDA=ON >/dev/null
cmake --build build-gpu -j "$jobs" >build-gpu/bundle-build.log 2>&1 ||
    { tail -n 30 build-gpu/bundle-build.log >&2; echo "gpu_bundle: build failed" >&2; exit 1; }
build-gpu/depinsim --version | grep -q "CUDA backend: built in" ||
    { echo "gpu_bundle: build-gpu has no CUDA backend (is nvcc at /usr/local/cuda/bin?)" >&2; exit 1; }

rm -rf .gpu
mkdir -p .gpu/bin .gpu/lib
progs="build-gpu/depinsim"
for t in $(find build-gpu -type f -perm -u+x -name 'test_cuda*' | sort); do progs="$progs $t"; done
for t in h5diff h5ls; do
    p=$(command -v "$t" 2>/dev/null) || { echo "gpu_bundle: $t not found (apt-get install hdf5-tools)" >&2; exit 1; }
    progs="$progs $p"
done
for p in $progs; do cp "$p" .gpu/bin/; done
n_cuda=$(ls .gpu/bin | grep -c '^test_cuda' || true)
[ "$n_cuda" -ge 4 ] || { echo "gpu_bundle: only $n_cuda test_cuda* programs built" >&2; exit 1; }

# every library the programs load, except glibc's own and the loader, into
# .gpu/lib; libcuda is not linked (the static runtime opens the driver's at
# run time), so the GPU machine's own driver is used. glibc and its loader go
# apart, into .gpu/glibc: check.sh runs the programs through them only where
# the GPU machine's glibc is older than this one's (mixing a host loader with
# a bundled libc would not work, so they are never on one path).
glibc='/(libc|libm|libdl|libpthread|librt|libresolv|libutil|ld-linux[^/]*)\.so'
mkdir -p .gpu/glibc
for p in .gpu/bin/*; do ldd "$p"; done >.gpu/ldd.all
awk '$3 ~ /^\// {print $3}' .gpu/ldd.all | sort -u | grep -vE "$glibc" |
    while read -r lib; do cp -L "$lib" .gpu/lib/; done
{ awk '$3 ~ /^\// {print $3}' .gpu/ldd.all; awk '$1 ~ /^\// {print $1}' .gpu/ldd.all; } |
    sort -u | grep -E "$glibc" | while read -r lib; do cp -L "$lib" .gpu/glibc/; done
rm -f .gpu/ldd.all
# and the rest of glibc that the driver's libcuda may ask for (since glibc
# 2.34 these are stubs of libc, which must come from the same glibc)
libc_dir=$(dirname "$(ldd build-gpu/depinsim | awk '$1 ~ /^libc\.so/ {print $3}')")
for l in libdl.so.2 libpthread.so.0 librt.so.1 libutil.so.1; do
    [ -e "$libc_dir/$l" ] && cp -L "$libc_dir/$l" .gpu/glibc/
done
loader=$(ls .gpu/glibc/ld-linux*.so* 2>/dev/null | head -n 1)
[ -n "$loader" ] || { echo "gpu_bundle: no loader found among the glibc libraries" >&2; exit 1; }
cp "$here/gpu_check.sh" .gpu/check.sh

# proof: in an empty environment with only .gpu/lib added, every library
# resolves to .gpu/lib or to glibc, and every program starts
bad=0
for p in .gpu/bin/* .gpu/lib/*; do
    env -i PATH=/usr/bin:/bin LD_LIBRARY_PATH="$PWD/.gpu/lib" ldd "$p" >.gpu/ldd.tmp 2>&1 || true
    if grep -q "not found" .gpu/ldd.tmp; then
        echo "gpu_bundle: $p: $(grep 'not found' .gpu/ldd.tmp | tr -s ' \t' ' ' | tr '\n' ';')" >&2
        bad=1
    fi
    if awk '$3 ~ /^\// {print $3}' .gpu/ldd.tmp | grep -vE "$glibc" | grep -v "^$PWD/.gpu/lib/" >.gpu/outside.tmp; then
        echo "gpu_bundle: $p loads from outside the bundle: $(tr '\n' ' ' <.gpu/outside.tmp)" >&2
        bad=1
    fi
done
rm -f .gpu/ldd.tmp .gpu/outside.tmp
run_clean() { env -i PATH=/usr/bin:/bin LD_LIBRARY_PATH="$PWD/.gpu/lib" "$@"; }
run_clean .gpu/bin/depinsim --version >.gpu/version.txt 2>&1 || { cat .gpu/version.txt >&2; bad=1; }
run_clean .gpu/bin/h5diff --version >/dev/null 2>&1 || { echo "gpu_bundle: h5diff does not start" >&2; bad=1; }
run_clean .gpu/bin/test_cuda_layout >/dev/null 2>&1 || { echo "gpu_bundle: test_cuda_layout fails" >&2; bad=1; }
run_clean .gpu/bin/test_cuda_parity memory >/dev/null 2>&1 || { echo "gpu_bundle: test_cuda_parity memory fails" >&2; bad=1; }
for t in .gpu/bin/test_cuda_dsmath .gpu/bin/test_cuda_model_cases; do
    st=0
    run_clean "$t" 24 >/dev/null 2>&1 || st=$?
    # here (no GPU) 77 is right; 0 where this machine has one
    [ "$st" = 77 ] || [ "$st" = 0 ] || { echo "gpu_bundle: $t exits $st" >&2; bad=1; }
done
# and through the bundled glibc, as check.sh runs them on an older system
env -i PATH=/usr/bin:/bin "$loader" --library-path "$PWD/.gpu/glibc:$PWD/.gpu/lib" \
    .gpu/bin/depinsim --version >.gpu/version2.txt 2>&1 || { cat .gpu/version2.txt >&2; bad=1; }
env -i PATH=/usr/bin:/bin "$loader" --library-path "$PWD/.gpu/glibc:$PWD/.gpu/lib" \
    .gpu/bin/test_cuda_parity memory >/dev/null 2>&1 || { echo "gpu_bundle: bundled glibc fails" >&2; bad=1; }
cmp -s .gpu/version.txt .gpu/version2.txt || { echo "gpu_bundle: bundled glibc run differs" >&2; bad=1; }
[ "$bad" = 0 ] || { echo "gpu_bundle: the bundle does not load cleanly" >&2; exit 1; }

# the newest glibc symbol version the programs and libraries need: a GPU
# machine with an older glibc runs them through .gpu/glibc (check.sh)
need=$(for f in .gpu/bin/* .gpu/lib/*; do objdump -T "$f" 2>/dev/null; done |
    grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -V -u | tail -n 1)
echo "${need:-0}" >.gpu/glibc_needed
echo "gpu_bundle: $(du -sh .gpu | cut -f1) in .gpu/: $(ls .gpu/bin | tr '\n' ' ')"
echo "gpu_bundle: $(ls .gpu/lib | wc -l) libraries, glibc $(ls .gpu/glibc | tr '\n' ' ')(needed: ${need:-?}); loads cleanly, directly and through the bundled loader:"
head -n 3 .gpu/version.txt | sed 's/^/  /'
rm -f .gpu/version.txt .gpu/version2.txt
echo "gpu_bundle: on the GPU machine, from the project root: sh .gpu/check.sh (results in \$OUT)"
