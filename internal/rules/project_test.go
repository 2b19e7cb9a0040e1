package rules

import (
	"testing"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/fix"
	"github.com/djls-dev/djls/internal/project"
)

func TestGitignoreWithoutFinalNewline(t *testing.T) {
	text := []byte("__pycache__/\r\n*.pyc")
	fixes := Fixes(fix.Target{Finding: findingAt("/p/.gitignore", "DJS801"), Text: text, Project: projectWithGitignore("/p/.gitignore")})
	if len(fixes) != 1 {
		t.Fatalf("got %d fixes, want 1", len(fixes))
	}
	got, _ := fix.Apply(text, fixes[0].Edits)
	if string(got) != "__pycache__/\r\n*.pyc\r\n.env\r\n" {
		t.Errorf("got %q", got)
	}
	if fx := fixes[0]; fx.Kind != fix.KindQuickFix || fx.Code != "DJS801" || fx.Safe || !fx.Preferred || fx.Title != "Add .env to .gitignore" {
		t.Errorf("fix %+v", fx)
	}
}

func findingAt(path, code string) diagnostics.Finding {
	return diagnostics.Finding{Code: code, Location: diagnostics.Location{Path: path}}
}

func projectWithGitignore(path string) *project.Project {
	return &project.Project{GitIgnore: project.ParseGitIgnore(nil), GitIgnorePath: path}
}

func fixTarget(code string) fix.Target {
	return fix.Target{Finding: diagnostics.Finding{Code: code}}
}
