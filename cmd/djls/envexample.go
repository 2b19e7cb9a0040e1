package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/djls-dev/djls/internal/engine"
	"github.com/djls-dev/djls/internal/fix"
	"github.com/djls-dev/djls/internal/report"
)

const envExampleUsage = `Usage: djls env-example [--write] [PROJECT]

Lists every environment variable the project's settings read, as a
.env.example: safe defaults are shown, secrets are left blank (their
values are never copied). Prints to stdout; --write saves PROJECT/.env.example.

Flags:
`

func runEnvExample(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("env-example", flag.ContinueOnError)
	fs.SetOutput(stderr)
	write := fs.Bool("write", false, "write .env.example at the project root instead of printing it")
	fs.Usage = func() { fmt.Fprint(stderr, envExampleUsage); fs.PrintDefaults() }
	paths, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
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
	text := envExample(res.EnvVars(), root)
	if !*write {
		fmt.Fprint(stdout, text)
		return 0
	}
	path := filepath.Join(root, ".env.example")
	old, err := os.ReadFile(path)
	if err != nil {
		old = nil
	}
	if err := fix.WriteAtomic(path, old, []byte(text)); err != nil {
		fmt.Fprintf(stderr, "djls env-example: %v\n", err)
		return 2
	}
	fmt.Fprintf(stderr, "wrote %s\n", path)
	return 0
}

// envExample renders the variables grouped by the file that reads them.
func envExample(vars []engine.EnvVar, root string) string {
	var b strings.Builder
	b.WriteString("# Environment variables read by the Django settings (djls env-example).\n")
	b.WriteString("# Secrets are blank: set them in the real environment, never in this file.\n")
	file := ""
	for _, v := range vars {
		if v.Path != file {
			file = v.Path
			fmt.Fprintf(&b, "\n# %s\n", report.RelPath(root, file))
		}
		value := v.Default
		if v.Secret {
			value = ""
		}
		fmt.Fprintf(&b, "%s=%s\n", v.Name, value)
	}
	return b.String()
}
