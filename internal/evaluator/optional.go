package evaluator

import "strings"

// siblingOverride reports an absolute, dotless import whose name says it is
// a settings override next to the importing module: `from local_settings
// import *` in a flat settings.py (the project folder is on sys.path). A
// library is not named so; an unknown dotless name stays a library (H-42).
func siblingOverride(module string) bool {
	if strings.Contains(module, ".") {
		return false
	}
	name := strings.ToLower(module)
	return strings.Contains(name, "settings") || strings.Contains(name, "local") || strings.Contains(name, "override")
}
