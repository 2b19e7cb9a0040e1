package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/djls-dev/djls/internal/config"
	"github.com/djls-dev/djls/internal/fix"
	"github.com/djls-dev/djls/internal/review"
)

const reportUsage = `Usage: djls report [--format markdown|html] [--output FILE] [PROJECT]

Writes the production-readiness review of a project (default: the current
folder): a verdict and a score, the findings of 'djls check' grouped by
risk with the fix djls would write, the production security block, what is
already right, how each settings module was judged, the environment
variables production must set, and a deployment checklist.

Markdown (the default) reads well as a pull-request comment or a GitHub job
summary (djls report >> "$GITHUB_STEP_SUMMARY"); html is one self-contained
page to print or share. No secret value appears in either.

Exit status: 0 ready, 1 not ready (a critical or important finding), 2
usage or configuration error, or a file that could not be written.

Flags:
`

func runReport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "markdown", "output format: markdown or html")
	output := fs.String("output", "", "write the report to FILE instead of stdout")
	fs.Usage = func() { fmt.Fprint(stderr, reportUsage); fs.PrintDefaults() }
	paths, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *format != "markdown" && *format != "html" {
		fmt.Fprintf(stderr, "djls report: --format must be markdown or html, not %q\n", *format)
		return 2
	}
	root := "."
	switch len(paths) {
	case 0:
	case 1:
		root = paths[0]
	default:
		fmt.Fprintln(stderr, "djls report: one project folder at a time")
		return 2
	}
	if st, err := os.Stat(root); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "djls report: %s: not a folder\n", root)
		return 2
	}
	rev, err := review.Build(context.Background(), root)
	if err != nil {
		var cerr *config.Error
		if errors.As(err, &cerr) {
			err = fmt.Errorf("invalid configuration: %w", err)
		}
		fmt.Fprintf(stderr, "djls report: %v\n", err)
		return 2
	}
	var out bytes.Buffer
	render := review.Markdown
	if *format == "html" {
		render = review.HTML
	}
	if err := render(&out, rev, "djls "+version); err != nil {
		fmt.Fprintf(stderr, "djls report: %v\n", err)
		return 2
	}
	if *output == "" {
		stdout.Write(out.Bytes())
	} else {
		old, _ := os.ReadFile(*output)
		if err := fix.WriteAtomic(*output, old, out.Bytes()); err != nil {
			fmt.Fprintf(stderr, "djls report: %v\n", err)
			return 2
		}
		fmt.Fprintf(stderr, "wrote %s\n", *output)
	}
	if !rev.Ready {
		return 1
	}
	return 0
}
