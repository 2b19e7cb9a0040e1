package lsp

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/djls-dev/djls/internal/diagnostics"
)

// TestSameFindingComparesEveryField changes each field of a finding in
// turn (each field of an embedded struct too): sameFinding must tell every
// change, or the memo would publish diagnostics of an earlier finding.
func TestSameFindingComparesEveryField(t *testing.T) {
	base := diagnostics.Finding{Code: "DJS001", Related: []diagnostics.Related{{Message: "m"}}, Tags: []diagnostics.Tag{1}}
	base.Path, base.Start, base.End = "/p/settings.py", 3, 9
	if !sameFinding(base, base) {
		t.Fatal("a finding differs from itself")
	}
	changed := base
	var fields func(v reflect.Value, name string)
	fields = func(v reflect.Value, name string) {
		for i := 0; i < v.NumField(); i++ {
			fv, fname := v.Field(i), name+v.Type().Field(i).Name
			if fv.Kind() == reflect.Struct {
				fields(fv, fname+".")
				continue
			}
			old := reflect.New(fv.Type()).Elem()
			old.Set(fv)
			if !change(fv) {
				t.Fatalf("%s: no way to change a %s; extend change", fname, fv.Kind())
			}
			if sameFinding(base, changed) {
				t.Errorf("sameFinding misses a change of %s", fname)
			}
			fv.Set(old)
		}
	}
	fields(reflect.ValueOf(&changed).Elem(), "")
}

// change sets v to a different value of its type.
func change(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		v.SetString(v.String() + "x")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(v.Int() + 1)
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Slice:
		v.Set(reflect.Append(v, reflect.New(v.Type().Elem()).Elem()))
	default:
		return false
	}
	return true
}

// TestUnchangedFileKeepsItsDiagnostics: a keystroke in one open module
// re-analyses the folder; the other module's findings are the same, so its
// diagnostics come from the memo (the same entry), while the edited one's
// are built again and published.
func TestUnchangedFileKeepsItsDiagnostics(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{".gitignore": ".env\n", "requirements.txt": "django==5.1\ngunicorn\n"})
	c, s := startServerOf(t, nil)
	c.initialize(dir, "", "")
	pathA, pathB := filepath.Join(dir, "a", "settings.py"), filepath.Join(dir, "b", "settings.py")
	a := c.open(pathA, 1, "DEBUG = False\n")
	b := c.open(pathB, 1, "DEBUG = True\n")
	c.waitPublish(a, 1)
	if got := withCode(c.waitPublish(b, 1).Diagnostics, "DJS001"); len(got) != 1 {
		t.Fatalf("b: want one DJS001, got %q", diagSummary(got))
	}
	f := s.folderFor(pathB)
	memoOf := func(path string) *memoEntry {
		f.pubMu.Lock()
		defer f.pubMu.Unlock()
		return f.diagMemo[path]
	}
	before := memoOf(pathB)
	if before == nil || before.empty || !before.summed {
		t.Fatalf("no memo of b's diagnostics: %+v", before)
	}
	c.change(a, 2, edit(0, 8, 0, 13, "True"))
	if got := withCode(c.waitPublish(a, 2).Diagnostics, "DJS001"); len(got) != 1 {
		t.Fatalf("a after the edit: want one DJS001, got %q", diagSummary(got))
	}
	after := memoOf(pathB)
	if after != before {
		t.Errorf("b's diagnostics were built again for an edit of a")
	}
	if memoOf(pathA) == nil {
		t.Errorf("no memo of a's diagnostics after its edit")
	}
}
