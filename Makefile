# The two commands of the README: `make run` opens ReelDesk, `make check` is the whole gate.
VENV := .venv/bin
export QT_QPA_PLATFORM ?= offscreen

VERSION := $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' app/__init__.py)

.PHONY: run check lint typecheck contract test bench bootstrap bundle deb wheelhouse

bootstrap:
	@scripts/bootstrap.sh

run: bootstrap
	@env -u QT_QPA_PLATFORM $(VENV)/reeldesk $(ARGS)

check: bootstrap lint typecheck contract test

lint:
	$(VENV)/ruff check app ui tests scripts packaging
	$(VENV)/ruff format --check app ui tests scripts packaging

typecheck:
	$(VENV)/mypy

contract:
	$(VENV)/lint-imports

# Branch coverage of the core and the window, the child processes included, with a floor for
# each (`.venv/bin/coverage report --skip-covered --show-missing` lists what is not covered).
test:
	$(VENV)/python -m pytest -q --cov=app --cov=ui --cov-branch --cov-report=
	@printf 'Branch coverage of app/ (floor 90 %%): '
	@$(VENV)/coverage report --include='app/*' --format=total --fail-under=90
	@printf 'Branch coverage of ui/ (floor 85 %%): '
	@$(VENV)/coverage report --include='ui/*' --format=total --fail-under=85

bench: bootstrap
	$(VENV)/python -m tests.bench

# A one-folder desktop bundle in dist/ReelDesk (no Python needed where it runs), and its archive.
bundle: bootstrap
	$(VENV)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/reeldesk.spec
	tar -C dist -czf dist/ReelDesk-$(VERSION)-linux-$(shell uname -m).tar.gz ReelDesk
	@du -sh dist/ReelDesk dist/ReelDesk-$(VERSION)-linux-$(shell uname -m).tar.gz

# The Debian package dist/reeldesk_<version>_<arch>.deb, made from the bundle above.
deb: bundle
	$(VENV)/python packaging/deb/build.py --bundle dist/ReelDesk --out dist

# Every wheel ReelDesk needs, for installing on a machine with Python but no network.
wheelhouse: bootstrap
	$(VENV)/python -m pip wheel --quiet --wheel-dir wheelhouse .
	@ls wheelhouse | wc -l | xargs echo "wheels in wheelhouse/:"
