package engine

import (
	"context"
	"path/filepath"
	"testing"
)

// TestProjectFileOverlaysWinOverDisk: an overlay for a requirements file
// or a .gitignore is judged instead of the file on disk, and the project
// read with it is reused while the buffers stay the same.
func TestProjectFileOverlaysWinOverDisk(t *testing.T) {
	root := writeProject(t, `
-- requirements.txt --
django==5.1
-- .gitignore --
__pycache__/
-- settings.py --
import os
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["example.com"]
`)
	w, res := loadAndAnalyze(t, root)
	reqs, gitignore := filepath.Join(root, "requirements.txt"), filepath.Join(root, ".gitignore")
	if codes(res, reqs)["DJS802"] == 0 || codes(res, gitignore)["DJS801"] == 0 {
		t.Fatalf("from disk: want DJS802 and DJS801, got %v %v", codes(res, reqs), codes(res, gitignore))
	}
	overlays := map[string]Overlay{
		reqs:      {Version: 2, Text: []byte("django==5.1\ngunicorn\n")},
		gitignore: {Version: 2, Text: []byte("__pycache__/\n.env\n")},
	}
	res, err := w.Analyze(context.Background(), overlays)
	if err != nil {
		t.Fatal(err)
	}
	if codes(res, reqs)["DJS802"] != 0 || codes(res, gitignore)["DJS801"] != 0 {
		t.Errorf("with buffers: want neither DJS802 nor DJS801, got %v %v", codes(res, reqs), codes(res, gitignore))
	}
	first := res.proj
	if res, _ = w.Analyze(context.Background(), overlays); res.proj != first {
		t.Error("same buffers read the project again")
	}
	if res, _ = w.Analyze(context.Background(), nil); codes(res, reqs)["DJS802"] == 0 {
		t.Error("without the overlay (closed): want DJS802 from disk again")
	}
}

// codes counts the findings in path by rule.
func codes(res *Result, path string) map[string]int {
	out := map[string]int{}
	if f := res.Files[path]; f != nil {
		for _, x := range f.Findings {
			out[x.Code]++
		}
	}
	return out
}
