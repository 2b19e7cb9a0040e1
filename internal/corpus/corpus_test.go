package corpus

import (
	"path/filepath"
	"reflect"
	"testing"
)

func TestParseAndCompare(t *testing.T) {
	m, err := ParseManifest([]byte("# mode: exact\n# comment\napp/settings.py:3 DJS001\n*:* DJS801\nrequirements.txt:* DJS802\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Expectation{{"app/settings.py", 3, "DJS001"}, {"*", 0, "DJS801"}, {"requirements.txt", 0, "DJS802"}}
	if !m.Exact || !reflect.DeepEqual(m.Expectations, want) {
		t.Fatalf("got %+v", m)
	}
	got := []Got{{"app/settings.py", 3, "DJS001"}, {"app/settings.py", 1, "DJS801"}, {"requirements.txt", 9, "DJS802"}}
	if p := m.Compare(got); p != nil {
		t.Fatalf("unexpected problems %v", p)
	}
	got = append(got, Got{"app/settings.py", 4, "DJS002"})
	if p := m.Compare(got); !reflect.DeepEqual(p, []string{"unexpected: app/settings.py:4 DJS002"}) {
		t.Fatalf("got %v", p)
	}
	if p := m.Compare(got[1:3]); !reflect.DeepEqual(p, []string{"missing: app/settings.py:3 DJS001", "unexpected: app/settings.py:4 DJS002"}[:1]) {
		t.Fatalf("got %v", p)
	}
}

func TestBadManifest(t *testing.T) {
	if _, err := ParseManifest([]byte("nonsense\n")); err == nil {
		t.Fatal("want an error")
	}
}

func TestPyFiles(t *testing.T) {
	dir := Dir(t)
	got := map[string]bool{}
	for _, p := range PyFiles(t) {
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			t.Fatal(err)
		}
		got[filepath.ToSlash(rel)] = true
	}
	for _, want := range []string{"maisha/Maisha_backend/settings.py", "cookie/config/settings/production.py", "broken/app/settings.py"} {
		if !got[want] {
			t.Errorf("PyFiles misses %s (got %v)", want, got)
		}
	}
	if got["maisha/manage.py"] {
		t.Error("PyFiles lists a project's top-level manage.py")
	}
}
