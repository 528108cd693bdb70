# Makefile — the README's commands. CMake does the building; this file only
# installs what is missing (as root) and calls it.
#   make demo    run scenarios/default.yaml, write results/default.h5, print a summary
#   make test    the whole test suite (ctest)
#   make bench   throughput of the CPU backend on bench/throughput.yaml
#   make test-sanitize   the suite again under ASan + UBSan (separate build dir)
#   make test-python     the Python package's tests (python/), in a venv in $(BUILD)/venv
#   make install [PREFIX=/usr/local] [DESTDIR=...]   the program, templates, examples, man page

BUILD ?= build
PREFIX ?= /usr/local
MAKEFLAGS += --no-print-directory
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DEPS = gcc make cmake pkg-config libyaml-dev libhdf5-dev hdf5-tools librandom123-dev \
       libcmocka-dev nettle-dev gnuplot-nox

.PHONY: all deps build demo test bench test-sanitize test-python install clean

all: build

deps:
	@missing=""; for p in $(DEPS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    (apt-get install -y --no-install-recommends $$missing || \
	     (apt-get update && apt-get install -y --no-install-recommends $$missing)) >/dev/null; \
	  else \
	    echo "missing packages; run as root:  apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

$(BUILD)/Makefile: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null

build: deps $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@mkdir -p results
	$(BUILD)/depinsim run scenarios/default.yaml -o results/default.h5 --force
	$(BUILD)/depinsim plot results/default.h5 -o results/default_plots
	@echo "dashboard: results/default_plots/dashboard.png"
	$(BUILD)/depinsim compare results/default.h5

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	sh bench/run.sh $(BUILD)
	sh bench/run_cuda.sh $(BUILD)

test-sanitize: deps
	cmake -S . -B $(BUILD)-sanitize -DCMAKE_BUILD_TYPE=Debug -DDS_SANITIZE=ON -DDS_CUDA=OFF >/dev/null
	cmake --build $(BUILD)-sanitize -j $(JOBS)
	cd $(BUILD)-sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

# python3-venv (Debian's ensurepip) as root when missing; the venv is made
# once and the package reinstalled when its sources change
PYVENV = $(BUILD)/venv
PYSRC = python/pyproject.toml $(wildcard python/src/depinsim/*.py)

$(PYVENV)/.installed: $(PYSRC)
	@python3 -c 'import ensurepip' 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing: python3-venv python3-pip"; \
	    (apt-get install -y --no-install-recommends python3-venv python3-pip || \
	     (apt-get update && apt-get install -y --no-install-recommends python3-venv python3-pip)) >/dev/null; \
	  else \
	    echo "python3-venv is missing; run as root:  apt-get install -y python3-venv python3-pip"; exit 1; \
	  fi; }
	[ -x $(PYVENV)/bin/pip ] || python3 -m venv --clear $(PYVENV)
	$(PYVENV)/bin/python -m pip install -q --disable-pip-version-check './python[test,examples]'
	@touch $@

test-python: build $(PYVENV)/.installed
	DEPINSIM_BIN=$(BUILD)/depinsim $(PYVENV)/bin/python -m pytest -q python/tests

# PREFIX/bin/depinsim, PREFIX/share/depinsim/{plots,scenarios}, PREFIX/share/man/man1;
# DESTDIR (staging for a package) is read by cmake --install from the environment
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) $(BUILD)-sanitize
