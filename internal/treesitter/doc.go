// Package treesitter parses Python sources with tree-sitter and copies the
// syntax tree into immutable Go values.
//
// Invariants:
//
//   - Parsing never fails. Syntax errors become ERROR (or Missing) nodes; a
//     parse that tree-sitter abandons yields an empty module spanning the text.
//   - Nodes are immutable Go copies, valid after the C tree is closed and safe
//     to read from any goroutine. Nothing writes a Node once its Document is
//     returned; Edit copies the nodes it reuses (moved by the edit's length),
//     so every Parent link stays inside its own Document.
//   - A Document is one version of a text. Edit returns a new Document and
//     leaves the old one valid; Close frees the C tree early (calling it twice,
//     or on a document whose history others share, is safe).
//   - An edited Document's tree is exactly Parse's for the same text whenever
//     it has no syntax error (Exact reports it); with errors, tree-sitter's
//     incremental error recovery may resolve the broken region differently.
//   - Trees deeper than MaxDepth are cut there.
//   - Every position conversion (bytes, LSP lines and UTF-16 or UTF-32
//     columns, tree-sitter points) goes through textpos.Mapper (Document.Mapper),
//     where "\n", "\r\n" and a lone "\r" end lines.
package treesitter
