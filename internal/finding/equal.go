package finding

import "slices"

// Equal compares every field of two findings (TestEqualComparesEveryField
// holds it to the struct): what a front end built from a finding, or a
// list kept of an earlier analysis, stands for an equal one.
func Equal(a, b Finding) bool {
	return a.Code == b.Code && a.Name == b.Name && a.Severity == b.Severity && a.DjangoCheck == b.DjangoCheck &&
		a.Location == b.Location && a.Message == b.Message && a.Detail == b.Detail && a.Setting == b.Setting &&
		slices.Equal(a.Related, b.Related) && slices.Equal(a.Tags, b.Tags) &&
		a.Silenced == b.Silenced && a.Absence == b.Absence && a.Root == b.Root
}
