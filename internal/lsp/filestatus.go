package lsp

// djlsSecurity/fileStatus: how the server judges one file, for an
// editor's status line: "production (merged with base.py) · 3 findings",
// "fragment of production.py", "development — not checked", "not a
// settings module", or "configuration error: …" while djls-security.toml
// is bad. Answered from the analysis that saw the document's last event.

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"go.lsp.dev/uri"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/engine"
)

const methodFileStatus = "djlsSecurity/fileStatus"

type fileStatusParams struct {
	URI uri.URI `json:"uri"`
}

// fileStatus is the answer. Severity is "information", "warning" or
// "error" (VS Code's LanguageStatusSeverity); Role is a settings module's
// ("production", "shared", "development"), else "".
type fileStatus struct {
	Text     string `json:"text"`
	Tooltip  string `json:"tooltip"`
	Severity string `json:"severity"`
	Role     string `json:"role"`
	// Kind is what the file is: "root", "fragment", "development",
	// "project-file", "imported", "not-settings", "not-judged", "not-read"
	// or "config-error".
	Kind string `json:"kind"`
}

const (
	severityInformation = "information"
	severityWarning     = "warning"
	severityError       = "error"
)

func handleFileStatus(s *Server, ctx context.Context, p *fileStatusParams) (any, error) {
	if p.URI == "" {
		return nil, invalidParams("uri is required")
	}
	fa, err := s.analysisOf(ctx, p.URI)
	if err != nil {
		return nil, err
	}
	st := judgedStatus(fa)
	if ws := fa.folder.workspace(); ws != nil {
		if cerr := ws.ConfigError(); cerr != nil {
			st = configErrorStatus(fa.folder.root, cerr, st)
		}
	}
	return st, nil
}

// judgedStatus says how fa's analysis judged its file.
func judgedStatus(fa *fileAnalysis) *fileStatus {
	if stamp, open := fa.a.docs[fa.path]; open && stamp.big {
		return &fileStatus{Kind: "not-judged", Severity: severityWarning,
			Text:    "not judged: over the size limit",
			Tooltip: fmt.Sprintf("djls judges documents up to %d MiB; this one is larger.", engine.MaxFileSize>>20)}
	}
	j := fa.a.result.Judgement(fa.path)
	root := fa.folder.root
	st := &fileStatus{Severity: worstSeverity(j)}
	switch j.Kind {
	case engine.Root:
		st.Kind, st.Role = "root", j.Role.String()
		st.Text = "production"
		st.Tooltip = "A production settings module: djls judges it merged with the settings modules it imports."
		if j.Role != engine.Production {
			st.Text = "judged as production"
			st.Tooltip = "A settings module named for no environment that no production module imports: djls judges it as the production settings, merged with the settings modules it imports."
		}
		if len(j.Merged) > 0 {
			st.Text += " (merged with " + names(j.Merged) + ")"
			st.Tooltip += "\n\nMerged with: " + rels(root, j.Merged) + "."
		}
		st.Text += " · " + findingCount(j.Findings)
		if j.Problem != "" {
			st.Text += " · judged in part"
			st.Tooltip += "\n\n" + sentence(j.Problem)
			st.Severity = severityWarning
		}
	case engine.Fragment:
		st.Kind, st.Role = "fragment", j.Role.String()
		if len(j.Roots) > 0 {
			st.Text = "fragment of " + names(j.Roots)
			st.Tooltip = "Imported by settings modules, and judged through them (its values are reported here, once): " + rels(root, j.Roots) + "."
			if j.Findings > 0 {
				st.Text += " · " + findingCount(j.Findings)
			}
		} else {
			st.Text = "fragment of development settings — not checked"
			if len(j.Importers) > 0 {
				st.Text = "fragment of " + names(j.Importers) + " (development) — not checked"
			}
			st.Tooltip = "Only development settings modules import it: djls does not check it, since it never runs in production."
		}
	case engine.DevelopmentSettings:
		st.Kind, st.Role = "development", j.Role.String()
		st.Text = "development — not checked"
		st.Tooltip = "A development settings module (by its name, its folder, or the configuration's development globs): djls does not check it, since it never runs in production."
	case engine.ProjectFile:
		st.Kind = "project-file"
		st.Text = "project file · " + findingCount(j.Findings)
		st.Tooltip = "Judged by the project rules for the settings of this project."
	case engine.ImportedModule:
		st.Kind = "imported"
		st.Text = "imported by the settings"
		if j.Findings > 0 {
			st.Text += " · " + findingCount(j.Findings)
		}
		st.Tooltip = "Not a settings module, but the settings import it: what they read from it is judged with them."
	case engine.Unjudged:
		st.Kind, st.Severity = "not-judged", severityWarning
		st.Text = "not judged: " + j.Problem
		st.Tooltip = "It may be a settings module, but djls could not judge it: " + sentence(j.Problem)
	case engine.NotReadForm:
		st.Kind = "not-read"
		st.Text = "settings in a form djls does not read"
		st.Tooltip = sentence(j.Problem)
	default:
		st.Kind = "not-settings"
		st.Text = "not a settings module"
		st.Tooltip = "djls checks Django settings modules; this file is not one (no settings name or configured glob, and too few Django setting names)."
	}
	return st
}

// configErrorStatus is the status while the configuration file is bad:
// the problem first, then how the file is judged meanwhile.
func configErrorStatus(root string, err error, judged *fileStatus) *fileStatus {
	first, more := firstConfigProblem(root, err)
	tip := "djls keeps checking with the last valid configuration (the defaults if there was none) until it is fixed."
	if more {
		tip = "More problems are shown in the file's diagnostics. " + tip
	}
	return &fileStatus{Kind: "config-error", Severity: severityError, Role: judged.Role,
		Text:    "configuration error: " + first,
		Tooltip: tip + "\n\nThis file meanwhile: " + judged.Text + "."}
}

func worstSeverity(j engine.Judgement) string {
	switch {
	case j.Findings == 0:
		return severityInformation
	case j.Worst == diagnostics.Error:
		return severityError
	case j.Worst == diagnostics.Warning:
		return severityWarning
	}
	return severityInformation
}

func findingCount(n int) string {
	switch n {
	case 0:
		return "no findings"
	case 1:
		return "1 finding"
	}
	return fmt.Sprintf("%d findings", n)
}

// names shows paths by file name: "base.py", "base.py and components.py",
// "base.py and 2 more".
func names(paths []string) string {
	switch len(paths) {
	case 1:
		return filepath.Base(paths[0])
	case 2:
		return filepath.Base(paths[0]) + " and " + filepath.Base(paths[1])
	}
	return fmt.Sprintf("%s and %d more", filepath.Base(paths[0]), len(paths)-1)
}

// rels lists paths relative to root, with '/'.
func rels(root string, paths []string) string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = p
		if r, err := filepath.Rel(root, p); err == nil && !strings.HasPrefix(r, "..") {
			out[i] = filepath.ToSlash(r)
		}
	}
	return strings.Join(out, ", ")
}
