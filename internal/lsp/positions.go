package lsp

// Every position conversion goes through textpos.Mapper; these names
// keep the package's call sites short.

import "github.com/djls-dev/djls/internal/textpos"

type posEncoding = textpos.Encoding

const (
	encUTF16 = textpos.UTF16
	encUTF8  = textpos.UTF8
	encUTF32 = textpos.UTF32
)

type mapper = textpos.Mapper

func newMapper(text []byte) *mapper { return textpos.NewMapper(text) }
