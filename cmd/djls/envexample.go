package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/djls-dev/djls/internal/engine"
	"github.com/djls-dev/djls/internal/fix"
	"github.com/djls-dev/djls/internal/report"
)

const envExampleUsage = `Usage: djls env-example [--write [--force]] [PROJECT]

Lists every environment variable the project's settings read, as a
.env.example: safe defaults are shown, secrets are left blank (their
values are never copied). Prints to stdout; --write saves PROJECT/.env.example.
An existing .env.example is kept as it is and the variables it lacks are
added at its end; --force replaces it.

Flags:
`

func runEnvExample(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("env-example", flag.ContinueOnError)
	fs.SetOutput(stderr)
	write := fs.Bool("write", false, "write .env.example at the project root instead of printing it")
	force := fs.Bool("force", false, "with --write: replace an existing .env.example instead of adding to it")
	fs.Usage = func() { fmt.Fprint(stderr, envExampleUsage); fs.PrintDefaults() }
	paths, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *force && !*write {
		fmt.Fprintln(stderr, "djls env-example: --force needs --write")
		return 2
	}
	root := "."
	if len(paths) > 1 {
		fs.Usage()
		return 2
	} else if len(paths) == 1 {
		root = paths[0]
	}
	if st, err := os.Stat(root); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "djls env-example: %s: not a folder\n", root)
		return 2
	}
	root, _ = filepath.Abs(root)
	ws, err := engine.Load(root, engine.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "djls env-example: %v\n", err)
		return 2
	}
	res, err := ws.Analyze(context.Background(), nil)
	if err != nil {
		fmt.Fprintf(stderr, "djls env-example: %v\n", err)
		return 2
	}
	var vars []engine.EnvVar
	for _, v := range res.EnvVars() {
		if !envName().MatchString(v.Name) {
			// A name with a newline or '=' would write lines of its own.
			fmt.Fprintf(stderr, "djls env-example: %s:%d: left out %q: not a valid environment variable name\n", report.RelPath(root, v.Path), v.Line, v.Name)
			continue
		}
		vars = append(vars, v)
	}
	if !*write {
		fmt.Fprint(stdout, envExample(vars, root))
		return 0
	}
	path := filepath.Join(root, ".env.example")
	old, err := os.ReadFile(path)
	exists := err == nil
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(stderr, "djls env-example: %v\n", err)
		return 2
	}
	text := envExample(vars, root)
	if exists && !*force {
		merged, added := mergeEnvExample(old, vars, root)
		if added == 0 {
			fmt.Fprintf(stderr, "%s already lists every variable; left as it is\n", path)
			return 0
		}
		text = merged
		fmt.Fprintf(stderr, "added %d %s to %s (--force replaces it)\n", added, plural(added, "variable"), path)
	}
	var before []byte
	if exists {
		before = old
	}
	if err := fix.WriteAtomic(path, before, []byte(text)); err != nil {
		fmt.Fprintf(stderr, "djls env-example: %v\n", err)
		return 2
	}
	fmt.Fprintf(stderr, "wrote %s\n", path)
	return 0
}

// envName is a portable environment variable name (POSIX, and what .env
// parsers accept).
var envName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`) })

// envExample renders the variables grouped by the file that reads them.
func envExample(vars []engine.EnvVar, root string) string {
	var b strings.Builder
	b.WriteString("# Environment variables read by the Django settings (djls env-example).\n")
	b.WriteString("# Secrets are blank: set them in the real environment, never in this file.\n")
	writeVars(&b, vars, root)
	return b.String()
}

func writeVars(b *strings.Builder, vars []engine.EnvVar, root string) {
	file := ""
	for _, v := range vars {
		if v.Path != file {
			file = v.Path
			fmt.Fprintf(b, "\n# %s\n", commentSafe(report.RelPath(root, file)))
		}
		value := v.Default
		if v.Secret || strings.ContainsAny(value, "\r\n") {
			value = ""
		}
		fmt.Fprintf(b, "%s=%s\n", v.Name, value)
	}
}

// commentSafe keeps a file name on its comment line.
func commentSafe(s string) string {
	return strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(s)
}

// mergeEnvExample keeps an existing .env.example as it is and appends the
// variables it does not mention yet (set, commented out, or exported).
func mergeEnvExample(old []byte, vars []engine.EnvVar, root string) (string, int) {
	have := map[string]bool{}
	for _, line := range strings.Split(string(old), "\n") {
		line = strings.TrimSpace(line)
		line = strings.TrimSpace(strings.TrimPrefix(line, "#"))
		line = strings.TrimSpace(strings.TrimPrefix(line, "export "))
		if name, _, ok := strings.Cut(line, "="); ok {
			have[strings.TrimSpace(name)] = true
		}
	}
	var missing []engine.EnvVar
	for _, v := range vars {
		if !have[v.Name] {
			missing = append(missing, v)
		}
	}
	if len(missing) == 0 {
		return string(old), 0
	}
	var b strings.Builder
	b.Write(old)
	if len(old) > 0 && !strings.HasSuffix(string(old), "\n") {
		b.WriteString("\n")
	}
	b.WriteString("\n# Added by djls env-example (secrets are blank).\n")
	writeVars(&b, missing, root)
	return b.String(), len(missing)
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
