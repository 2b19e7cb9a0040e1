package lsp

// A publish works out what changed with a handful of small maps (the
// folder's open documents, the files done, kept and recorded): each
// keystroke made them anew (~0.8 KB). They live on the folder instead,
// used under its pubMu, and are emptied for each publish; the documents
// are let go of as soon as it ends.

// pubScratch is a folder's publish maps.
type pubScratch struct {
	docs           map[string]*document // emptied when the publish ends
	keep, done, in map[string]bool
	update         map[string]published
}

// emptied returns *m emptied, making it when there is none.
func emptied[K comparable, V any](m *map[K]V) map[K]V {
	if *m == nil {
		*m = map[K]V{}
	}
	clear(*m)
	return *m
}
