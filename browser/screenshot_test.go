package browser

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// screenshot takes a picture of the tab's window and checks that it is a
// PNG of the window's size; with -update it also writes it to ../docs,
// where the README shows it.
func screenshot(t *testing.T, tab context.Context, name string) {
	t.Helper()
	data, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("screenshot %s is not a PNG: %v", name, err)
	}
	width := eval[int](t, tab, `window.innerWidth`)
	if img.Bounds().Dx() != width {
		t.Errorf("screenshot %s is %d pixels wide, want the window's %d", name, img.Bounds().Dx(), width)
	}
	if *update {
		if err := os.WriteFile(filepath.Join("..", "docs", name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// dark makes the tab prefer a dark colour scheme, as a system set to dark
// does, until undo is called.
func dark(t *testing.T, tab context.Context) (undo func()) {
	t.Helper()
	set := func(scheme string) {
		_, err := chromedp.Call(tab, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		if err != nil {
			t.Fatalf("emulating prefers-color-scheme: %s: %v", scheme, err)
		}
	}
	set("dark")
	return func() { set("light") }
}

// darkScreenshot is screenshot in the dark colour scheme.
func darkScreenshot(t *testing.T, tab context.Context, name string) {
	t.Helper()
	undo := dark(t, tab)
	defer undo()
	waitJS(t, tab, "the dark scheme", `getComputedStyle(document.body).backgroundColor === "rgb(15, 20, 25)"`, time.Second)
	screenshot(t, tab, name)
}

func TestThePageFitsANarrowWindowAndTheDarkScheme(t *testing.T) {
	freshStart(t)
	for _, send := range storySteps()[:3] {
		send(t)
	}
	tab := newTab(t)
	do(t, tab, "opening the page in a narrow window",
		chromedp.EmulateViewport(400, 800),
		chromedp.Navigate(s.url+"/_graphmock/ui/"))
	waitJS(t, tab, "the rows", `document.querySelectorAll("#rows .row").length === 3`, 5*time.Second)
	click(t, tab, "selecting a call", `#rows .row[data-seq]`)
	waitJS(t, tab, "its detail", `document.querySelector("#detail h2") !== null`, 2*time.Second)
	if w := eval[int](t, tab, `document.documentElement.scrollWidth`); w > 400 {
		t.Errorf("the page is %d pixels wide in a 400-pixel window: it scrolls sideways", w)
	}
	if below := eval[bool](t, tab, `document.querySelector("#detail").getBoundingClientRect().top >= document.querySelector("#list").getBoundingClientRect().bottom`); !below {
		t.Error("in a narrow window the detail is not below the list")
	}
	light := eval[string](t, tab, `getComputedStyle(document.body).backgroundColor`)
	undo := dark(t, tab)
	waitJS(t, tab, "the dark scheme", `getComputedStyle(document.body).backgroundColor === "rgb(15, 20, 25)"`, time.Second)
	undo()
	if light != "rgb(255, 255, 255)" {
		t.Errorf("light background = %s, want white", light)
	}
}
