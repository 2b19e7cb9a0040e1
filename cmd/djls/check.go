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
	"unicode/utf8"

	"github.com/djls-dev/djls/docs"
	"github.com/djls-dev/djls/internal/config"
	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/engine"
	djproject "github.com/djls-dev/djls/internal/project"
	"github.com/djls-dev/djls/internal/pyenc"
	"github.com/djls-dev/djls/internal/report"
	"github.com/djls-dev/djls/internal/rules"
	"maps"
	"slices"
)

const checkUsage = `Usage: djls check [flags] [PATH...]

Reports settings that would be unsafe in production. PATH is a project
folder or a file in one (default: the current folder).

With --fix, safe fixes are applied in place first (--unsafe-fixes adds the
fixes that change behaviour you must decide on, such as requiring a secret
that had a default) and the findings left are reported. --diff prints the
fixes as a unified diff and writes nothing.

Flags may come before, between or after the paths; after -- every
argument is a path. A settings module that cannot be read is reported as
a DJS000 error.

Exit status: 0 no findings at or above --fail-on, 1 findings (with --diff:
1 when there is something to fix), 2 usage or configuration error, a path
that does not exist, or a file that could not be written.

Flags:
`

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text, json, sarif or github")
	failOn := fs.String("fail-on", "warning", "lowest severity that fails the run: error, warning, info or never")
	showSilenced := fs.Bool("show-silenced", false, "also list findings silenced by SILENCED_SYSTEM_CHECKS")
	noColor := fs.Bool("no-color", false, "never colour the text output")
	djangoVersion := fs.String("django-version", "", "Django version to judge against (\"4.2\") when the project's configuration names none; overrides the one read from requirements")
	var fixOpts fixOptions
	fs.BoolVar(&fixOpts.apply, "fix", false, "apply safe fixes in place, then report what is left")
	fs.BoolVar(&fixOpts.unsafe, "unsafe-fixes", false, "with --fix or --diff: include unsafe fixes")
	fs.BoolVar(&fixOpts.diff, "diff", false, "print the fixes as a unified diff instead of writing them")
	fs.Usage = func() { fmt.Fprint(stderr, checkUsage); fs.PrintDefaults() }
	paths, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	threshold, ok := map[string]diagnostics.Severity{"error": diagnostics.Error, "warning": diagnostics.Warning, "info": diagnostics.Info, "never": 0}[*failOn]
	if !ok {
		fmt.Fprintf(stderr, "djls check: --fail-on must be error, warning, info or never, not %q\n", *failOn)
		return 2
	}
	switch *format {
	case "text", "json", "sarif", "github":
	default:
		fmt.Fprintf(stderr, "djls check: --format must be text, json, sarif or github, not %q\n", *format)
		return 2
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var opts engine.Options
	if *djangoVersion != "" {
		if _, _, ok := djproject.ParseVersion(*djangoVersion); !ok {
			fmt.Fprintf(stderr, "djls check: --django-version must be a version like 4.2, not %q\n", *djangoVersion)
			return 2
		}
		// As an editor setting: a version the project configures wins.
		opts.Editor = &config.Config{DjangoVersion: *djangoVersion}
	}
	if fixOpts.unsafe && !fixOpts.apply && !fixOpts.diff {
		fmt.Fprintln(stderr, "djls check: --unsafe-fixes needs --fix or --diff")
		return 2
	}
	missing := false
	for _, p := range paths {
		// A path that is not there is a typo, not a clean project.
		if _, err := os.Stat(p); err != nil {
			fmt.Fprintf(stderr, "djls check: %s: %s\n", p, unreadable(err))
			missing = true
		}
	}
	if missing {
		return 2
	}
	cwd, _ := os.Getwd()
	fixOpts.out, fixOpts.log = stdout, stderr
	rep, err := checkWith(paths, cwd, *showSilenced, &fixOpts, opts)
	if err != nil {
		fmt.Fprintf(stderr, "djls check: %v\n", err)
		return 2
	}
	if fixOpts.diff {
		if fixOpts.changed > 0 {
			return 1
		}
		return 0
	}
	switch *format {
	case "text":
		report.Text(stdout, rep, !*noColor && isTerminal(stdout))
	case "json":
		err = report.JSON(stdout, rep, docs.URL)
	case "sarif":
		// URIs relative to the repository root: code scanning resolves
		// them against the checkout, whichever folder djls ran in.
		err = report.SARIFWith(stdout, rep, report.SARIFOptions{Version: version, Rules: sarifRules(), DocURL: docs.URL, WorkDir: cwd, Root: djproject.RepoRoot(cwd)})
	case "github":
		report.GitHub(stdout, rep)
	}
	if err != nil {
		fmt.Fprintf(stderr, "djls check: %v\n", err)
		return 2
	}
	if fixOpts.failed {
		return 2
	}
	if threshold == 0 {
		return 0
	}
	for _, it := range rep.Items {
		if it.Severity >= threshold && !it.Silenced {
			return 1
		}
	}
	return 0
}

// check analyses each path's project once and keeps the findings that fall
// under the paths asked for.
func check(paths []string, cwd string, showSilenced bool, fo *fixOptions) (*report.Report, error) {
	return checkWith(paths, cwd, showSilenced, fo, engine.Options{})
}

// checkWith is check with the engine's options (the Django version).
func checkWith(paths []string, cwd string, showSilenced bool, fo *fixOptions, opts engine.Options) (*report.Report, error) {
	rep := &report.Report{}
	type target struct {
		root  string
		files map[string]bool // nil: the whole project
	}
	targets := map[string]*target{}
	bad := map[string]report.Skipped{} // explicit files that cannot be read as they are
	var order []string
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		st, err := os.Stat(abs)
		if err != nil {
			rep.Skipped = append(rep.Skipped, report.Skipped{Path: p, Reason: unreadable(err)})
			continue
		}
		root, file := abs, ""
		if !st.IsDir() {
			root, file = projectRoot(filepath.Dir(abs)), abs
			// A file the engine does not report (not a settings module)
			// is listed as skipped with this reason; a settings module
			// that cannot be read becomes a finding.
			reason := ""
			if text, err := os.ReadFile(abs); err != nil {
				reason = unreadable(err)
			} else if strings.HasSuffix(abs, ".py") {
				if _, _, err := pyenc.Decode(text); err != nil {
					reason = err.Error()
				}
			} else if !utf8.Valid(text) {
				reason = "not valid UTF-8"
			}
			if reason != "" {
				bad[abs] = report.Skipped{Path: p, Reason: reason}
			}
		}
		t, ok := targets[root]
		if !ok {
			t = &target{root: root, files: map[string]bool{}}
			targets[root] = t
			order = append(order, root)
		}
		if file == "" {
			t.files = nil
		} else if t.files != nil {
			t.files[file] = true
		}
	}
	for _, root := range order {
		t := targets[root]
		ws, err := engine.Load(root, opts)
		if err != nil {
			var cerr *config.Error
			if errors.As(err, &cerr) {
				return nil, fmt.Errorf("invalid configuration: %w", err)
			}
			return nil, err
		}
		if fo != nil && (fo.apply || fo.diff) {
			include := func(p string) bool { return t.files == nil || t.files[p] }
			if err := fo.run(ws, cwd, include); err != nil {
				return nil, err
			}
			if fo.diff {
				continue
			}
		}
		res, err := ws.Analyze(context.Background(), nil)
		if err != nil {
			return nil, err
		}
		include := func(p string) bool { return t.files == nil || t.files[p] }
		items := res.Report(engine.ReportOptions{Rel: func(p string) string { return report.RelPath(cwd, p) }, Include: include, ShowSilenced: showSilenced})
		rep.Items = append(rep.Items, items.Items...)
		rep.Files += items.Files
		rep.Silent += items.Silenced
		rep.Skipped = append(rep.Skipped, items.Skipped...)
		for _, p := range slices.Sorted(maps.Keys(t.files)) {
			if s, ok := bad[p]; ok && res.Errors[p] == "" && res.Files[p] == nil {
				rep.Skipped = append(rep.Skipped, s)
			}
		}
	}
	rep.Sort()
	return rep, nil
}

// projectRoot walks up from dir to the folder that holds the project's
// markers (manage.py, pyproject.toml, requirements.txt, .git).
func projectRoot(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		for _, marker := range []string{"manage.py", "pyproject.toml", "setup.cfg", "requirements.txt", "Pipfile", ".git"} {
			if _, err := os.Stat(filepath.Join(d, marker)); err == nil {
				return d
			}
		}
		if d == filepath.Dir(d) {
			return dir
		}
	}
}

func unreadable(err error) string {
	if errors.Is(err, os.ErrNotExist) {
		return "no such file or folder"
	}
	if errors.Is(err, os.ErrPermission) {
		return "permission denied"
	}
	return err.Error()
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0 && os.Getenv("NO_COLOR") == ""
}

func runRules(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
		fmt.Fprintln(stdout, "Usage: djls rules\n\nLists every rule: ID, severity, name, the Django check it mirrors.")
		return 0
	}
	if len(args) > 0 {
		fmt.Fprintf(stderr, "djls rules: unexpected argument %q (it lists every rule; 'djls explain ID' prints one)\n", args[0])
		return 2
	}
	for _, r := range rules.All() {
		check := r.DjangoCheck
		if check == "" {
			check = "-"
		}
		fmt.Fprintf(stdout, "%s  %-7s  %-32s %-15s %s\n", r.ID, r.Severity, r.Name, check, r.Summary)
	}
	return 0
}

func runExplain(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprintln(stderr, "Usage: djls explain ID   (for example: djls explain DJS001)")
		if len(args) == 1 {
			return 0
		}
		return 2
	}
	id := strings.ToUpper(args[0])
	text, ok := docs.Rule(id)
	if !ok {
		fmt.Fprintf(stderr, "djls explain: no rule %q (run 'djls rules' for the list)\n", args[0])
		return 2
	}
	fmt.Fprint(stdout, text)
	return 0
}

// sarifRules is the registry as SARIF's rule table.
func sarifRules() []report.Rule {
	var out []report.Rule
	for _, r := range rules.All() {
		out = append(out, report.Rule{ID: r.ID, Name: r.Name, Summary: r.Summary, DjangoCheck: r.DjangoCheck, Severity: r.Severity,
			Description: docs.Description(r.ID), Help: docs.Help(r.ID)})
	}
	return out
}
