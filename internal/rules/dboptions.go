package rules

import (
	"fmt"

	"github.com/djls-dev/djls/internal/diagnostics"
)

// sqliteSince51 are OPTIONS keys that Django's SQLite backend accepts from
// Django 5.1 on (../shared/rules.md, "Version details"); before, the driver
// rejects them (sqlite3.connect() has no such argument).
var sqliteSince51 = map[string]bool{"init_command": true, "transaction_mode": true}

// wrongOption says why an OPTIONS key does not belong to an engine family
// under the project's Django version: a short phrase for the headline and
// the full reason, or "" when it does (or is unknown).
func wrongOption(django diagnostics.Version, key, family string) (short, why string) {
	if family == "sqlite3" && sqliteSince51[key] {
		if django.AtLeast(5, 1) {
			return "", ""
		}
		return "needs Django 5.1 on SQLite", fmt.Sprintf("is accepted by SQLite only from Django 5.1, and this project uses %s: the driver rejects it", django)
	}
	owner, known := engineOnlyOptions[key]
	if !known || owner == "" || owner == family {
		return "", ""
	}
	short = "is not a " + family + " option"
	if sqliteSince51[key] {
		owner += " or sqlite3 (Django 5.1+)"
	}
	return short, fmt.Sprintf("is for %s, not %s: the driver rejects it or ignores it", owner, family)
}
