package review

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/djls-dev/djls/internal/corpus"
)

// The HTML report rendered by headless Chromium: no console message (the
// page runs no script, so any message is an error: a blocked asset, a
// parse error), and a screenshot of the window's size that is not blank.
// Without Chromium the test skips, except in CI (CI or
// DJLS_REQUIRE_CHROMIUM set), where it fails; -short skips it unless required
// (a browser start takes seconds).

const shotWidth, shotHeight = 1200, 2400

func TestHTMLRendersInChromium(t *testing.T) {
	required := os.Getenv("CI") != "" || os.Getenv("DJLS_REQUIRE_CHROMIUM") != ""
	if testing.Short() && !required {
		t.Skip("-short: headless Chromium takes seconds")
	}
	browser := findChromium()
	if browser == "" {
		if required {
			t.Fatal("chromium is not installed (apt-get install -y chromium); CI must render the HTML report")
		}
		t.Skip("chromium is not installed")
	}
	for _, name := range []string{"maisha"} {
		t.Run(name, func(t *testing.T) {
			rev := build(t, filepath.Join(corpus.Dir(t), name))
			dir := t.TempDir()
			page := filepath.Join(dir, "review.html")
			var b bytes.Buffer
			if err := HTML(&b, rev, "djls"); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(page, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			shot := filepath.Join(dir, "review.png")
			log := renderPage(t, browser, page, shot, dir)
			if msgs := consoleMessages(log); len(msgs) > 0 {
				t.Errorf("the page logged to the console:\n%s", strings.Join(msgs, "\n"))
			}
			checkScreenshot(t, shot)
		})
	}
}

func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// renderPage screenshots page and returns Chromium's log.
func renderPage(t *testing.T, browser, page, shot, profile string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser,
		"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
		"--user-data-dir="+filepath.Join(profile, "profile"),
		"--screenshot="+shot, "--window-size="+strconv.Itoa(shotWidth)+","+strconv.Itoa(shotHeight), "--hide-scrollbars",
		"--enable-logging=stderr", "--v=0",
		"file://"+filepath.ToSlash(page))
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", browser, err, log.String())
	}
	return log.String()
}

// consoleMessages picks the page's console output out of Chromium's log
// ("INFO:CONSOLE:1] "message", source: file:///...") and uncaught errors.
func consoleMessages(log string) []string {
	var out []string
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, ":CONSOLE") || strings.Contains(line, "Uncaught") {
			out = append(out, line)
		}
	}
	return out
}

func TestConsoleMessagesFindsErrors(t *testing.T) {
	log := `[1:1:1203/070140.824956:INFO:CONSOLE:1] "boom", source: file:///tmp/bad.html (1)
[1:1:1203/070140.828179:INFO:CONSOLE:1] "Uncaught ReferenceError: f is not defined", source: file:///tmp/bad.html (1)
[1:2:1203/070110.059402:ERROR:dbus/bus.cc:405] Failed to connect to the bus`
	if got := consoleMessages(log); len(got) != 2 {
		t.Errorf("found %d console messages, want 2: %q", len(got), got)
	}
}

// checkScreenshot: a PNG of the window's size, with more than one colour
// (a page that rendered, not a blank one).
func checkScreenshot(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if got := img.Bounds().Size(); got != (image.Point{X: shotWidth, Y: shotHeight}) {
		t.Errorf("screenshot is %v, want %dx%d", got, shotWidth, shotHeight)
	}
	colours := map[[4]uint32]bool{}
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y && len(colours) < 8; y += 7 {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x += 7 {
			r, g, b, a := img.At(x, y).RGBA()
			colours[[4]uint32{r, g, b, a}] = true
		}
	}
	if len(colours) < 8 {
		t.Errorf("the screenshot has %d colours: the page did not render", len(colours))
	}
	if st, err := os.Stat(path); err == nil && st.Size() < 20_000 {
		t.Errorf("the screenshot is %d bytes: too small for the rendered report", st.Size())
	}
}
