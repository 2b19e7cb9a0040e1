package rules

import (
	"fmt"
	"strings"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/fix"
	"github.com/djls-dev/djls/internal/treesitter"
)

func init() {
	register(
		&Rule{ID: "DJS501", Name: "sqlite-in-production", Severity: diagnostics.Warning,
			Summary: "the default database engine is SQLite", Fix: fixPostgres, Check: checkSQLite},
		&Rule{ID: "DJS502", Name: "database-password-default", Severity: diagnostics.Error,
			Summary: "a DATABASES PASSWORD (or URL with a password) is committed in source", Fix: requireSetting, Check: checkDBPassword},
		&Rule{ID: "DJS503", Name: "database-persistent-connections", Severity: diagnostics.Info,
			Summary: "a server database has no CONN_MAX_AGE", Fix: fixConnMaxAge, Check: checkConnMaxAge},
		&Rule{ID: "DJS504", Name: "database-option-invalid", Severity: diagnostics.Warning,
			Summary: "a database OPTIONS key the engine does not accept", Fix: fixRemoveOption, Check: checkDBOptions},
		&Rule{ID: "DJS505", Name: "cache-local-memory", Severity: diagnostics.Info,
			Summary: "CACHES uses a per-process local-memory, dummy or file cache in production", Check: checkCache},
	)
}

// databases calls f for each alias of a known DATABASES dict.
func databases(c *diagnostics.Context, f func(b *evaluator.Binding, alias string, db *evaluator.Value)) {
	b := c.Setting("DATABASES")
	if b == nil || b.Value.Kind != evaluator.Dict {
		return
	}
	for i, k := range b.Value.Keys {
		if k.Kind == evaluator.Str && b.Value.Items[i].Kind == evaluator.Dict {
			f(b, k.Str, b.Value.Items[i])
		}
	}
}

func engineOf(db *evaluator.Value) (*evaluator.Value, string) {
	e, ok := db.Get("ENGINE")
	if !ok || e.Kind != evaluator.Str {
		return nil, ""
	}
	return e, e.Str
}

func isSQLite(engine string) bool {
	return strings.HasSuffix(engine, ".sqlite3") || strings.HasSuffix(engine, ".spatialite")
}

func checkSQLite(c *diagnostics.Context) {
	databases(c, func(b *evaluator.Binding, alias string, db *evaluator.Value) {
		if alias != "default" {
			return
		}
		if e, engine := engineOf(db); isSQLite(engine) {
			c.OnValue(b, e, "", diagnostics.Msg("DATABASES['default'] is SQLite "+diagnostics.Where(e), c.Why(e), "One file, one writer at a time, lost with the container"))
		}
	})
}

func checkDBPassword(c *diagnostics.Context) {
	databases(c, func(b *evaluator.Binding, alias string, db *evaluator.Value) {
		p, ok := db.Get("PASSWORD")
		if !ok {
			return
		}
		if pw, ok := literalString(p); ok && pw != "" {
			what := fmt.Sprintf("DATABASES[%s] password", diagnostics.Quote(pyQuote(alias)))
			if p.Env != nil && p.Env.Cast == "db" {
				what += " (in the database URL)"
			}
			c.OnValue(b, p, "", diagnostics.Msg(what+" is committed in source", c.WhySecret(p),
				"Anyone with the code can log in to the database: require it from the environment"))
		}
	})
}

func checkConnMaxAge(c *diagnostics.Context) {
	databases(c, func(b *evaluator.Binding, alias string, db *evaluator.Value) {
		_, engine := engineOf(db)
		if engine == "" || isSQLite(engine) || strings.HasSuffix(engine, ".dummy") {
			return
		}
		if _, ok := db.Get("CONN_MAX_AGE"); ok {
			return
		}
		if opts, ok := db.Get("OPTIONS"); ok {
			if _, pooled := opts.Get("pool"); pooled {
				return // Django 5.1+ connection pools refuse persistent connections
			}
		}
		msg := diagnostics.Msg(fmt.Sprintf("DATABASES[%s] has no CONN_MAX_AGE: a new connection per request", diagnostics.Quote(pyQuote(alias))),
			fmt.Sprintf("Database %q opens a new connection for every request: set CONN_MAX_AGE (e.g. 60) for persistent connections", alias))
		if k := aliasKey(b.Value, db); k != nil && k.Span.Valid() {
			c.At(b, k.Span, "", msg) // the alias, not the whole entry dict
			return
		}
		c.OnValue(b, db, "", msg)
	})
}

// aliasKey returns the key of DATABASES whose entry is db, or nil.
func aliasKey(dbs, db *evaluator.Value) *evaluator.Value {
	for i, item := range dbs.Items {
		if item == db && i < len(dbs.Keys) {
			return dbs.Keys[i]
		}
	}
	return nil
}

// validOptions lists OPTIONS keys per engine family that commonly go wrong;
// a key listed for another family is reported.
var engineOnlyOptions = map[string]string{
	"charset": "mysql", "init_command": "mysql", "sql_mode": "mysql", "read_default_file": "mysql", "isolation_level": "",
	"sslmode": "postgresql", "options": "postgresql", "service": "postgresql", "passfile": "postgresql", "pool": "postgresql",
	"server_side_binding": "postgresql", "assume_role": "postgresql", "timeout": "sqlite3", "transaction_mode": "sqlite3",
	"init_command_sqlite": "sqlite3", "threaded": "oracle", "use_returning_into": "oracle",
}

func engineFamily(engine string) string {
	switch {
	case strings.Contains(engine, "postgis"), strings.Contains(engine, "postgresql"), strings.Contains(engine, "psycopg"):
		return "postgresql"
	case strings.Contains(engine, "mysql"):
		return "mysql"
	case isSQLite(engine):
		return "sqlite3"
	case strings.Contains(engine, "oracle"):
		return "oracle"
	}
	return ""
}

func checkDBOptions(c *diagnostics.Context) {
	databases(c, func(b *evaluator.Binding, alias string, db *evaluator.Value) {
		e, engine := engineOf(db)
		family := engineFamily(engine)
		opts, ok := db.Get("OPTIONS")
		if family == "" || !ok || opts.Kind != evaluator.Dict {
			return
		}
		if e.Env != nil && !optionsFromSameDefault(opts, e) {
			// The engine is a URL default (mysql://root@localhost) that
			// production replaces; options written for the real engine
			// are not wrong for it.
			return
		}
		for _, k := range opts.Keys {
			if k.Kind != evaluator.Str {
				continue
			}
			if short, why := wrongOption(c.Django, k.Str, family); why != "" {
				c.OnValue(b, k, "", diagnostics.Msg(
					fmt.Sprintf("DATABASES[%s] OPTIONS key %q %s", diagnostics.Quote(pyQuote(alias)), diagnostics.Quote(k.Str), short),
					fmt.Sprintf("OPTIONS key %q of database %q %s", k.Str, alias, why)))
			}
		}
	})
}

// optionsFromSameDefault reports OPTIONS that come from the same env read as
// the engine (dj_database_url's default URL with ?sslmode=...).
func optionsFromSameDefault(opts, engine *evaluator.Value) bool {
	return opts.Env != nil && opts.Env.Var == engine.Env.Var
}

var localCaches = map[string]string{
	"django.core.cache.backends.locmem.LocMemCache":       "a per-process local-memory cache",
	"django.core.cache.backends.dummy.DummyCache":         "a dummy cache that caches nothing",
	"django.core.cache.backends.filebased.FileBasedCache": "a file cache on one machine's disk",
}

func checkCache(c *diagnostics.Context) {
	b := c.Setting("CACHES")
	var backend *evaluator.Value
	if b != nil {
		def, ok := b.Value.Get("default")
		if !ok {
			return
		}
		be, ok := def.Get("BACKEND")
		if !ok || be.Kind != evaluator.Str {
			return
		}
		if what, local := localCaches[be.Str]; local {
			c.OnValue(b, be, "", diagnostics.Msg("CACHES['default'] is "+what+" in production",
				"Each worker has its own cache, and cached sessions or rate limits do not hold across workers"))
			return
		}
		backend = be
	}
	if backend != nil || !c.Absent("CACHES") {
		return
	}
	// Absent CACHES is locmem: that matters when sessions live in the cache.
	s := c.Setting("SESSION_ENGINE")
	if s == nil || s.Value.Kind != evaluator.Str {
		return
	}
	if s.Value.Str == "django.contrib.sessions.backends.cache" {
		c.OnValue(s, s.Value, "", diagnostics.Msg("SESSION_ENGINE keeps sessions in a per-process cache: CACHES is not set",
			"SESSION_ENGINE keeps sessions in the cache, and CACHES is not set, so that is per-process local memory: users are logged out on every restart and between workers"))
	}
}

// Quick fixes.

// fixPostgres makes the default database an env-driven PostgreSQL one.
func fixPostgres(b *fix.Builder) *fix.Fix {
	fx := &fix.Fix{Title: "Use an env-driven PostgreSQL database" + fix.UnsafeNote}
	if arg := b.DefaultArgument(b.Node()); arg != nil {
		fx.Title = "Require DATABASE_URL from the environment" + fix.UnsafeNote
		fx.Edits = []fix.Edit{b.RemoveArgument(arg)}
		return fx
	}
	dbs := b.SettingContainer("DATABASES", "dictionary")
	def := b.DictEntry(dbs, "default")
	if def == nil || def.ChildByField("value").Type() != "dictionary" {
		return nil
	}
	s := b.Style()
	indent := fix.IndentAt(b.Text(), int(def.StartByte))
	var lines []string
	lines = append(lines, "{")
	add := func(k, v string) { lines = append(lines, indent+s.Indent+s.Q(k)+": "+v+",") }
	var reads []fix.Expr
	read := func(e fix.Expr) string { reads = append(reads, e); return e.Text() }
	add("ENGINE", s.Q("django.db.backends.postgresql"))
	add("NAME", read(s.RequiredStr(s.EnvVar("DATABASE_NAME"))))
	add("USER", read(s.RequiredStr(s.EnvVar("DATABASE_USER"))))
	add("PASSWORD", read(s.RequiredStr(s.EnvVar("DATABASE_PASSWORD"))))
	add("HOST", read(s.StrRead(s.EnvVar("DATABASE_HOST"), "localhost")))
	add("PORT", read(s.StrRead(s.EnvVar("DATABASE_PORT"), "5432")))
	add("CONN_MAX_AGE", read(s.IntRead(s.EnvVar("CONN_MAX_AGE"), "60")))
	lines = append(lines, indent+"}")
	fx.Edits = b.WithImports(b.Replace(def.ChildByField("value"), b.NL(strings.Join(lines, "\n"))), reads...)
	return fx
}

// fixConnMaxAge keeps database connections open between requests.
func fixConnMaxAge(b *fix.Builder) *fix.Fix {
	def := aliasPair(b)
	if def == nil {
		def = b.DictEntry(b.SettingContainer("DATABASES", "dictionary"), "default")
	}
	if def == nil {
		return nil
	}
	value := def.ChildByField("value")
	// Unsafe: persistent connections change how the database is used.
	fx := &fix.Fix{Title: "Keep database connections open for 60 seconds (CONN_MAX_AGE)"}
	switch value.Type() {
	case "dictionary":
		fx.Edits = []fix.Edit{b.InsertElement(value, len(fix.Elements(value)), b.Style().Q("CONN_MAX_AGE")+": 60")}
	case "call":
		fn := value.ChildByField("function").Text(b.Text())
		if !strings.HasPrefix(fn, "dj_database_url.") && fn != "config" && fn != "parse" {
			return nil
		}
		fx.Edits = []fix.Edit{b.InsertElement(value.ChildByField("arguments"), len(fix.Elements(value.ChildByField("arguments"))), "conn_max_age=60")}
	default:
		return nil
	}
	return fx
}

// aliasPair is the DATABASES pair whose alias key the finding sits on.
func aliasPair(b *fix.Builder) *treesitter.Node {
	n := b.Node()
	if n == nil || n.Type() != "string" || n.Parent == nil || n.Parent.Type() != "pair" || n.Parent.ChildByField("key") != n {
		return nil
	}
	return n.Parent
}

// fixRemoveOption deletes a database OPTIONS entry the engine rejects.
func fixRemoveOption(b *fix.Builder) *fix.Fix {
	pair := fix.Ancestor(b.Node(), "pair")
	if pair == nil || pair.Parent == nil || pair.Parent.Type() != "dictionary" {
		return nil
	}
	key := fix.StringValue(pair.ChildByField("key"), b.Text())
	return &fix.Fix{Title: "Remove the " + key + " option", Safe: true, Edits: []fix.Edit{b.RemoveElement(pair.Parent, pair)}}
}

// pyQuote writes a database alias as Python would: DATABASES['default'].
func pyQuote(s string) string {
	if !strings.Contains(s, "'") {
		return "'" + s + "'"
	}
	return fmt.Sprintf("%q", s)
}
