// Package browser holds graphmock's tests in a real browser: headless
// Chromium, driven with chromedp, against the graphmock command serving
// HTTPS from its local CA, with a browser profile that trusts that CA.
// It is a module of its own, like interop/, so that graphmock itself does
// not depend on chromedp. scripts/install-chromium.sh installs Chromium
// and certutil; make test runs both.
//
//	cd browser && go test ./...            # the tests
//	cd browser && go test ./... -update    # and rewrite the screenshots in docs/
package browser
