# The two commands of the README, and the rest. Each target sets up what is missing first.
.PHONY: run test dist bench screenshot clean

run:            ## open the bundled sample in a real window (ARGS="file.txt" for your own)
	scripts/run.sh $(ARGS)

test:           ## the whole test suite: offscreen, then GUI/e2e under Xvfb
	scripts/test.sh

dist:           ## build dist/bilingual-reader/ (PyInstaller, one folder) and its .tar.gz
	scripts/bootstrap.sh && packaging/build.sh

bench:          ## print the benchmarks' figures
	scripts/bootstrap.sh && for b in bench/*.py; do .venv/bin/python $$b || exit 1; done

screenshot:     ## regenerate docs/screenshot.png: the screenshot test's artefact from the real window under Xvfb
	scripts/bootstrap.sh && QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1400x900x24" \
		.venv/bin/python -m pytest -q tests/gui/test_window_screenshot.py && \
		cp test-artifacts/reader-window-xcb.png docs/screenshot.png

clean:
	rm -rf build dist test-artifacts .pytest_cache
