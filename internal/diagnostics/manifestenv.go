package diagnostics

import (
	"fmt"
	"path/filepath"

	"github.com/djls-dev/djls/internal/project"
)

// ManifestSets says which production deployment manifest sets an env var
// to a literal ("fly.toml sets DEBUG=False for this deployment"), "" when
// none does. A secret-named variable's value is not shown.
func ManifestSets(p *project.Project, name string) string {
	if p == nil || name == "" {
		return ""
	}
	value, path, ok := p.ManifestEnv(name)
	if !ok {
		return ""
	}
	if IsSecretName(name) || SecretValue(value) {
		return fmt.Sprintf("%s sets %s for this deployment", filepath.Base(path), name)
	}
	return fmt.Sprintf("%s sets %s=%s for this deployment", filepath.Base(path), name, shorten(value))
}
