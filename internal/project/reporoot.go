package project

// RepoRoot returns the nearest folder at or above dir holding .git, or dir
// itself when there is none: the root SARIF output addresses files from
// (code scanning resolves its URIs against the checkout).
func RepoRoot(dir string) string { return findRepoRoot(dir) }
