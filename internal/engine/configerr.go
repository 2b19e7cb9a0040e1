package engine

import (
	"github.com/djls-dev/djls/internal/config"
	"github.com/djls-dev/djls/internal/rules"
)

// loadConfig reads the project's configuration file; callers hold w.mu.
// With KeepLastGoodConfig an invalid file is not an error: the last valid
// configuration (none at the first load) stays, and cfgErr says why.
func (w *Workspace) loadConfig() (*config.Config, error) {
	fileCfg, err := config.Load(w.root, rules.KnownRuleOrPrefix)
	if err == nil {
		w.cfgErr = nil
		return fileCfg, nil
	}
	if !w.opts.KeepLastGoodConfig {
		return nil, err
	}
	w.cfgErr = err
	return w.fileCfg, nil
}

// ConfigError returns the problem in the project's configuration file (a
// *config.Error, or several joined with errors.Join) when the workspace was
// loaded with KeepLastGoodConfig; nil when the file is valid or absent.
func (w *Workspace) ConfigError() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cfgErr
}
