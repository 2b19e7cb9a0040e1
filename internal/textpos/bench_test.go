package textpos

import (
	"bytes"
	"fmt"
	"testing"
)

// settingsLines is a settings-like text of n lines, some with non-ASCII.
func settingsLines(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, "SETTING_%d = os.environ.get(\"VAR_%d\", \"défaut-%d\")  # ligne %d\n", i, i, i, i)
	}
	return b.Bytes()
}

func BenchmarkNewMapper5000(b *testing.B) {
	src := settingsLines(5000)
	for b.Loop() {
		NewMapper(src)
	}
}

func BenchmarkMapperPosition5000(b *testing.B) {
	src := settingsLines(5000)
	m := NewMapper(src)
	for i := 0; b.Loop(); i++ {
		m.Position((i*7919)%len(src), UTF16)
	}
}

func BenchmarkMapperOffset5000(b *testing.B) {
	src := settingsLines(5000)
	m := NewMapper(src)
	for i := 0; b.Loop(); i++ {
		m.Offset((i*31)%m.LineCount(), 20, UTF16)
	}
}
