package engine

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/djls-dev/djls/internal/config"
)

// TestKeepLastGoodConfig: with KeepLastGoodConfig a bad configuration file
// loads (defaults at first, the last good one after), ConfigError names the
// file and line, and fixing the file clears it. Without the option Load
// fails, as `djls check` wants.
func TestKeepLastGoodConfig(t *testing.T) {
	root := t.TempDir()
	toml := filepath.Join(root, "djls-security.toml")
	write := func(text string) {
		t.Helper()
		if err := os.WriteFile(toml, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(root, "settings.py"), []byte("DEBUG = True\n"), 0o644)
	write("selekt = [\"DJS001\"]\n")
	if _, err := Load(root, Options{}); err == nil {
		t.Fatal("Load without KeepLastGoodConfig accepted a bad file")
	}
	w, err := Load(root, Options{KeepLastGoodConfig: true})
	if err != nil {
		t.Fatal(err)
	}
	var ce *config.Error
	if err := w.ConfigError(); !errors.As(err, &ce) || ce.File != toml || ce.Line != 1 {
		t.Fatalf("ConfigError = %v, want %s line 1", err, toml)
	}
	if len(w.Config().Ignore) != 0 {
		t.Fatalf("config in force = %+v, want the defaults", w.Config())
	}
	write("ignore = [\"DJS001\"]\n")
	if err := w.Invalidate(toml); err != nil {
		t.Fatal(err)
	}
	if err := w.ConfigError(); err != nil {
		t.Fatalf("ConfigError after the fix = %v", err)
	}
	if got := w.Config().Ignore; len(got) != 1 || got[0] != "DJS001" {
		t.Fatalf("Ignore = %v after the fix", got)
	}
	write("ignore = [\"DJS001\"\n") // a syntax error: the last good one stays
	if err := w.Invalidate(toml); err != nil {
		t.Fatal(err)
	}
	if w.ConfigError() == nil {
		t.Fatal("no ConfigError for a syntax error")
	}
	if got := w.Config().Ignore; len(got) != 1 || got[0] != "DJS001" {
		t.Fatalf("Ignore = %v, want the last good DJS001", got)
	}
	if _, err := w.Analyze(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
}
