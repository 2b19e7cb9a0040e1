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

// settingsModule generates a realistic settings module of about n lines:
// the usual settings, env reads, and many dict/list settings.
func settingsModule(n int) string {
	var b strings.Builder
	b.WriteString(secure)
	b.WriteString("from decouple import config, Csv\nDEBUG = config('DEBUG', default='True', cast=bool)\nALLOWED_HOSTS = config('ALLOWED_HOSTS', default='*', cast=Csv())\n")
	for i := 0; strings.Count(b.String(), "\n") < n; i++ {
		fmt.Fprintf(&b, "FEATURE_%d = {\n    'enabled': config('FEATURE_%d', default=False, cast=bool),\n    'hosts': ['a%d.example.org', 'b.example.org'],\n    'timeout': %d,\n}\nLIMIT_%d = int(config('LIMIT_%d', default='10')) * 2\nif DEBUG:\n    LIMIT_%d = 0\n", i, i, i, i, i, i, i)
	}
	return b.String()
}

func benchAnalyze(b *testing.B, lines int, parse bool) {
	root := b.TempDir()
	path := filepath.Join(root, "app", "settings.py")
	os.MkdirAll(filepath.Dir(path), 0o755)
	src := []byte(settingsModule(lines))
	os.WriteFile(path, src, 0o644)
	os.WriteFile(filepath.Join(root, "requirements.txt"), []byte("Django==5.1\ngunicorn\n"), 0o644)
	ws, err := Load(root, Options{})
	if err != nil {
		b.Fatal(err)
	}
	doc := treesitter.Parse(src)
	defer doc.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ov := Overlay{Version: int32(i), Text: src, Doc: doc}
		if parse {
			ov.Doc = nil // Analyze parses the text itself
		}
		res, err := ws.Analyze(context.Background(), map[string]Overlay{path: ov})
		if err != nil || len(res.Files[path].Findings) == 0 {
			b.Fatal("no findings", err)
		}
	}
}

func BenchmarkAnalyze200(b *testing.B)          { benchAnalyze(b, 200, false) }
func BenchmarkAnalyze5000(b *testing.B)         { benchAnalyze(b, 5000, false) }
func BenchmarkParseAndAnalyze200(b *testing.B)  { benchAnalyze(b, 200, true) }
func BenchmarkParseAndAnalyze5000(b *testing.B) { benchAnalyze(b, 5000, true) }
