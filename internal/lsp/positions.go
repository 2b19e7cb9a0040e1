package lsp

// Every position conversion goes through treesitter.Mapper; these names
// keep the package's call sites short.

import "github.com/djls-dev/djls/internal/treesitter"

type posEncoding = treesitter.Encoding

const (
	encUTF16 = treesitter.UTF16
	encUTF8  = treesitter.UTF8
	encUTF32 = treesitter.UTF32
)

type mapper = treesitter.Mapper

func newMapper(text []byte) *mapper { return treesitter.NewMapper(text) }
