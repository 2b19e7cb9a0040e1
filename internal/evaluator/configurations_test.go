package evaluator

import (
	"fmt"
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/treesitter"
)

const configurationsSrc = `from configurations import Configuration, values

BASE = 'x'

class Base(Configuration):
    DEBUG = values.BooleanValue(True)
    SECRET_KEY = values.SecretValue()
    ALLOWED_HOSTS = values.ListValue(('a.org',))
    API_TOKEN = values.Value('t0ken', environ_prefix='APP_')
    NAME = values.Value('n', environ_name='SITE_NAME')
    RAW = values.Value('r', environ=False)
    DATABASES = values.DatabaseURLValue('sqlite:///db.sqlite3')
    INSTALLED_APPS = ['django.contrib.sessions']

class Mixin(object):
    SESSION_COOKIE_SECURE = True

class Prod(Mixin, Base):
    DEBUG = False
    INSTALLED_APPS = Base.INSTALLED_APPS + ['app']

class Plain:
    X = 1
`

// TestConfigurationClasses: classes deriving from Configuration are
// settings; values.*() read DJANGO_<NAME> with their default, and a
// subclass overrides along the MRO.
func TestConfigurationClasses(t *testing.T) {
	m := eval(t, configurationsSrc)
	if len(m.Classes) != 2 || m.Classes[0].Name != "Base" || m.Classes[1].Name != "Prod" {
		t.Fatalf("classes = %v, want Base and Prod", m.Classes)
	}
	base, prod := m.View(m.Classes[0]), m.View(m.Classes[1])
	cases := []struct {
		view       *Module
		name, want string
		envVar     string
	}{
		{base, "DEBUG", "True", "DJANGO_DEBUG"},
		{base, "SECRET_KEY", "<unknown>", "DJANGO_SECRET_KEY"},
		{base, "ALLOWED_HOSTS", "['a.org']", "DJANGO_ALLOWED_HOSTS"},
		{base, "API_TOKEN", "'t0ken'", "APP_API_TOKEN"},
		{base, "NAME", "'n'", "DJANGO_SITE_NAME"},
		{base, "RAW", "'r'", ""},
		{base, "DATABASES", "{'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': '/db.sqlite3'}}", "DATABASE_URL"},
		{base, "BASE", "'x'", ""},
		{prod, "DEBUG", "False", ""},
		{prod, "SESSION_COOKIE_SECURE", "True", ""},
		{prod, "SECRET_KEY", "<unknown>", "DJANGO_SECRET_KEY"},
		{prod, "INSTALLED_APPS", "['django.contrib.sessions', 'app']", ""},
	}
	for _, c := range cases {
		b := c.view.Setting(c.name)
		if b == nil {
			t.Errorf("%s.%s is not set", c.view.Class, c.name)
			continue
		}
		if got := b.Value.Repr(); got != c.want {
			t.Errorf("%s.%s = %s, want %s", c.view.Class, c.name, got, c.want)
		}
		var got string
		if b.Value.Env != nil {
			got = b.Value.Env.Var
		}
		if got != c.envVar {
			t.Errorf("%s.%s reads %q, want %q", c.view.Class, c.name, got, c.envVar)
		}
	}
	if b := base.Setting("SECRET_KEY"); b.Value.Env == nil || !b.Value.Env.Required {
		t.Error("SecretValue() is required")
	}
	if b := base.Setting("DEBUG"); string(m.Text[b.Value.Span.Start:b.Value.Span.End]) != "True" {
		t.Errorf("DEBUG's value sits at %q, want the default", m.Text[b.Value.Span.Start:b.Value.Span.End])
	}
	if b := prod.Setting("DEBUG"); string(m.Text[b.Target().Start:b.Target().End]) != "DEBUG" || b.Target().Start < 400 {
		t.Errorf("Prod.DEBUG binds at %d, want its own attribute", b.Target().Start)
	}
	if m.Setting("DEBUG") != nil {
		t.Error("class attributes leaked into the module namespace")
	}
	if prod.MaybeSet("SECURE_SSL_REDIRECT") {
		t.Error("a mixin deriving from object made Prod's settings unknown")
	}
}

// TestConfigurationUnfollowedBase: a base from outside the workspace makes
// the class's other settings maybe set.
func TestConfigurationUnfollowedBase(t *testing.T) {
	m := eval(t, "from configurations import Configuration\nfrom vendor.conf import Common\nclass Prod(Common, Configuration):\n    DEBUG = False\n")
	if len(m.Classes) != 1 {
		t.Fatalf("classes = %v", m.Classes)
	}
	v := m.View(m.Classes[0])
	if !v.MaybeSet("SECRET_KEY") || !m.Classes[0].Unfollowable() {
		t.Error("a class with an unfollowed base may set any setting")
	}
}

// TestConfigurationMRO: C3 order, as Python's.
func TestConfigurationMRO(t *testing.T) {
	m := eval(t, "from configurations import Configuration\nclass A(Configuration):\n    X = 'a'\nclass B(A):\n    pass\nclass C(A):\n    X = 'c'\nclass D(B, C):\n    pass\n")
	d := m.View(m.Classes[3])
	if got := d.Setting("X").Value.Repr(); got != "'c'" {
		t.Errorf("D.X = %s, want 'c' (C comes before A in D's MRO)", got)
	}
}

// TestConfigurationDeepHierarchyIsBounded: a long chain of classes
// costs work in proportion to its MRO, and stops at the budget.
func TestConfigurationDeepHierarchyIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("from configurations import Configuration\nclass C0(Configuration):\n    X = 0\n")
	for i := 1; i < 3000; i++ {
		fmt.Fprintf(&b, "class C%d(C%d, Configuration):\n    pass\n", i, i-1)
	}
	m := eval(t, b.String())
	if !m.Truncated {
		t.Errorf("a 3000-deep class chain was linearized whole")
	}
}

// TestConfigurationClassNamedLikeAFlag: class Prod stays a class (PROD is
// a production flag name), also through a star import.
func TestConfigurationClassNamedLikeAFlag(t *testing.T) {
	base := eval(t, "from configurations import Configuration\nclass Prod(Configuration):\n    X = 1\n")
	m := Evaluate("/p/settings.py", treesitter.Parse([]byte("from .classes import *\n")), stubImporter{base})
	if got := m.ConfigurationClasses(); len(got) != 1 || got[0].Name != "Prod" {
		t.Fatalf("classes offered = %v, want Prod", got)
	}
}
