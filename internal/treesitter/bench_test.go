package treesitter

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/djls-dev/djls/internal/pvec"
)

// settingsText generates a Django settings module of at least lines lines:
// imports, then repeated sections of the usual shapes (env lookups, lists,
// nested dicts, conditionals, comments).
func settingsText(lines int) []byte {
	var b bytes.Buffer
	b.WriteString("\"\"\"Generated settings.\"\"\"\nimport os\nfrom pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\n")
	n := 5
	for i := 0; n < lines; i++ {
		fmt.Fprintf(&b, `
# Section %d
SECRET_KEY_%d = os.environ.get("DJANGO_SECRET_KEY_%d", "insecure-%d")
DEBUG_%d = os.environ.get("DEBUG", "False") == "True"
ALLOWED_HOSTS_%d = ["a%d.example.org", ".example.com"]
INSTALLED_APPS_%d = [
    "django.contrib.admin",
    "django.contrib.auth",
    "app_%d",
]
DATABASES_%d = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("DB_NAME", "db%d"),
        "PORT": int(os.environ.get("DB_PORT", 5432)),
    },
}
if DEBUG_%d:
    SESSION_COOKIE_SECURE_%d = False
else:
    SESSION_COOKIE_SECURE_%d = True
`, i, i, i, i, i, i, i, i, i, i, i, i, i, i)
		n += 23
	}
	return b.Bytes()
}

func benchParse(b *testing.B, lines int) {
	src := settingsText(lines)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Parse(src).Close()
	}
}

// benchEdit types one character at offset at of a module of lines lines:
// one Edit of the same document per iteration.
func benchEdit(b *testing.B, lines int, at func(*Document) int) {
	doc := Parse(settingsText(lines))
	defer doc.Close()
	off := at(doc)
	doc.Mapper() // built once per document, before the first edit
	for b.Loop() {
		doc.Edit(off, off, []byte("x")).Close()
	}
}

// middle is a point inside the middle statement's value, after "= ".
func middle(d *Document) int {
	c := d.Root().Children[len(d.Root().Children)/2]
	return int(c.EndByte) - 2
}

func top(d *Document) int { return len("\"\"\"Generated") }

func BenchmarkParse200(b *testing.B)      { benchParse(b, 200) }
func BenchmarkParse5000(b *testing.B)     { benchParse(b, 5000) }
func BenchmarkEditMiddle200(b *testing.B) { benchEdit(b, 200, middle) }
func BenchmarkEditMiddle5000(b *testing.B) {
	benchEdit(b, 5000, middle)
}
func BenchmarkEditTop5000(b *testing.B) { benchEdit(b, 5000, top) }

// BenchmarkFlattenFull5000 is the cost Edit avoids: copying the whole tree.
func BenchmarkFlattenFull5000(b *testing.B) {
	doc := Parse(settingsText(5000))
	defer doc.Close()
	for b.Loop() {
		flatten(doc.tree.RootNode(), pvec.Vec[*Node]{}, nil, 0)
	}
}
