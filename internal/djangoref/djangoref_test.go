package djangoref

import (
	"slices"
	"sort"
	"testing"
)

func TestTableIsConsistent(t *testing.T) {
	if len(byName()) != len(table) {
		t.Errorf("%d names for %d entries: a setting is listed twice", len(byName()), len(table))
	}
	names := make([]string, 0, len(table))
	for _, s := range Settings() {
		names = append(names, s.Name)
		if s.Doc == "" {
			t.Errorf("%s has no description", s.Name)
		}
	}
	if !sort.StringsAreSorted(names) {
		t.Error("Settings() is not sorted")
	}
}

func TestLookup(t *testing.T) {
	s, ok := Lookup("X_FRAME_OPTIONS")
	if !ok || !slices.Equal(s.Values, []string{"DENY", "SAMEORIGIN"}) || s.Default != "'DENY'" {
		t.Errorf("X_FRAME_OPTIONS = %+v", s)
	}
	if s.URL() != "https://docs.djangoproject.com/en/stable/ref/settings/#std-setting-X_FRAME_OPTIONS" {
		t.Errorf("URL = %s", s.URL())
	}
	c, _ := Lookup("CORS_ALLOW_ALL_ORIGINS")
	if c.URL() != "https://github.com/adamchainz/django-cors-headers#cors_allow_all_origins" {
		t.Errorf("CORS URL = %s", c.URL())
	}
	coop, _ := Lookup("SECURE_CROSS_ORIGIN_OPENER_POLICY")
	if !slices.Contains(coop.Values, "same-origin-allow-popups") {
		t.Errorf("COOP values = %v", coop.Values)
	}
	if _, ok := Lookup("NOT_A_SETTING"); ok {
		t.Error("found an unknown setting")
	}
	if Middleware[0] != "django.middleware.security.SecurityMiddleware" {
		t.Errorf("SecurityMiddleware should come first, got %s", Middleware[0])
	}
}
