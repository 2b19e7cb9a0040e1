package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/treesitter"
)

// benchKeystrokeSites is one keystroke in an editor with sites
// independent 200-line settings modules open: a digit of site07's module
// changes, every other open document is the same Document as before.
func benchKeystrokeSites(b *testing.B, sites int) {
	root := b.TempDir()
	os.WriteFile(filepath.Join(root, "requirements.txt"), []byte("Django==5.1\ngunicorn\n"), 0o644)
	overlays := map[string]Overlay{}
	for i := range sites {
		path := filepath.Join(root, fmt.Sprintf("site%02d", i), "settings.py")
		os.MkdirAll(filepath.Dir(path), 0o755)
		src := []byte(settingsModule(200))
		os.WriteFile(path, src, 0o644)
		overlays[path] = Overlay{Version: 1, Text: src, Doc: treesitter.Parse(src)}
	}
	ws, err := Load(root, Options{})
	if err != nil {
		b.Fatal(err)
	}
	edited := filepath.Join(root, "site07", "settings.py")
	doc := overlays[edited].Doc
	digit := strings.Index(string(doc.Text), "'timeout': ") + len("'timeout': ")
	if _, err := ws.Analyze(context.Background(), overlays); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		doc = doc.Edit(digit, digit+1, []byte{'1' + byte(i%2)})
		overlays[edited] = Overlay{Version: int32(i + 2), Text: doc.Text, Doc: doc}
		res, err := ws.Analyze(context.Background(), overlays)
		if err != nil || len(res.Files[edited].Findings) == 0 {
			b.Fatal("no findings", err)
		}
	}
}

func BenchmarkKeystroke20Sites(b *testing.B) { benchKeystrokeSites(b, 20) }
func BenchmarkKeystroke50Sites(b *testing.B) { benchKeystrokeSites(b, 50) }
