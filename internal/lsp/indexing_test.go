package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// progressValue is one $/progress value as the client sees it.
type progressValue struct {
	Kind        string `json:"kind"`
	Message     string `json:"message"`
	Cancellable *bool  `json:"cancellable"`
}

func (p progressValue) String() string {
	c := "-"
	if p.Cancellable != nil {
		c = fmt.Sprint(*p.Cancellable)
	}
	return fmt.Sprintf("%s %q cancellable=%s", p.Kind, p.Message, c)
}

// progressOf lists the $/progress values for token, in order; call under c.mu.
func (c *testClient) progressOf(token string) []progressValue {
	var out []progressValue
	for _, n := range c.notes {
		if n.Method != protocol.MethodProgress {
			continue
		}
		var p struct {
			Token string        `json:"token"`
			Value progressValue `json:"value"`
		}
		if json.Unmarshal(n.Params, &p) == nil && p.Token == token {
			out = append(out, p.Value)
		}
	}
	return out
}

// waitProgress waits for the progress of token to end and returns it all.
func (c *testClient) waitProgress(token string) []progressValue {
	c.t.Helper()
	var got []progressValue
	c.waitUntil("$/progress end for "+token, func() bool {
		got = c.progressOf(token)
		return len(got) > 0 && got[len(got)-1].Kind == "end"
	})
	return got
}

// showMessages lists the window/showMessage notifications so far.
func (c *testClient) showMessages() []protocol.ShowMessageParams {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []protocol.ShowMessageParams
	for _, m := range c.notes {
		if m.Method == protocol.MethodWindowShowMessage {
			var p protocol.ShowMessageParams
			if err := protocol.Unmarshal(m.Params, &p); err != nil {
				c.t.Errorf("decode showMessage: %v", err)
			}
			out = append(out, p)
		}
	}
	return out
}

// initializeFolders runs the handshake with workspace folders and the
// work-done progress capability.
func (c *testClient) initializeFolders(roots ...string) {
	c.t.Helper()
	var folders []string
	for i, r := range roots {
		folders = append(folders, fmt.Sprintf(`{"uri":%s,"name":"f%d"}`, quoteURI(r), i))
	}
	params := `{"processId":null,"rootUri":null,"workspaceFolders":[` + strings.Join(folders, ",") + `],"capabilities":{"window":{"workDoneProgress":true}}}`
	c.callOK(protocol.MethodInitialize, json.RawMessage(params), nil)
	c.notify(protocol.MethodInitialized, json.RawMessage(`{}`))
}

// diagSummary spells diagnostics as "CODE line:col-line:col", sorted.
func diagSummary(diags []protocol.Diagnostic) []string {
	out := []string{}
	for _, d := range diags {
		out = append(out, diagCode(d)+" "+fmtRange(d.Range))
	}
	sort.Strings(out)
	return out
}

// pyFiles adds n small modules, 100 to a folder under pkgNN/.
func pyFiles(files map[string]string, n int) {
	for i := 0; i < n; i++ {
		files[fmt.Sprintf("pkg%02d/m%02d.py", i/100, i%100)] = "X = 1\n"
	}
}

// TestCancelIndexing holds the walk of folder a at its 1,000th file (a
// test hook, no timing) and cancels the indexing from the client. Folder b
// is served while a is held; the progress began cancellable and ends
// "cancelled"; the user is told once; folder a is then served shallowly:
// the open document and the module beside it get their diagnostics, a
// settings module deeper in the folder does not, until a change of
// requirements.txt re-indexes the whole folder.
func TestCancelIndexing(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	files := map[string]string{
		".gitignore": ".env\n", "requirements.txt": "django==5.1\ngunicorn\n", "manage.py": "",
		"conf/settings/prod.py": "DEBUG = True\n",
		"deep/er/settings.py":   "DEBUG = True\n",
	}
	pyFiles(files, 1000)
	writeFiles(t, a, files)
	writeFiles(t, b, map[string]string{".gitignore": ".env\n", "requirements.txt": "django==5.1\ngunicorn\n"})

	reached := make(chan int, 1)
	release := make(chan struct{}) // for the re-index: sent once its begin is seen
	var once sync.Once
	c := startServer(t, &testHooks{indexProgress: func(ctx context.Context, root string, n int) {
		if root != a {
			return
		}
		first := false
		once.Do(func() {
			first = true
			reached <- n
			<-ctx.Done() // held until the client cancels (or the session ends)
		})
		if !first {
			select {
			case <-release:
			case <-ctx.Done():
			}
		}
	}})
	c.initializeFolders(a, b)
	select {
	case n := <-reached:
		if n != 1000 {
			t.Fatalf("walk held at %d files, want 1000", n)
		}
	case <-time.After(waitTimeout):
		t.Fatal("the walk of folder a never reported progress")
	}

	// Folder b is analysed while a is still being walked.
	ub := c.open(filepath.Join(b, "settings.py"), 1, cleanSettings+"DEBUG = True\n")
	wantDiags := []string{"DJS001 4:8-4:12", "DJS301 4:0-4:5", "DJS302 4:0-4:5", "DJS303 4:0-4:5", "DJS901 4:0-4:5"}
	if got := diagSummary(c.waitPublish(ub, 1).Diagnostics); !reflect.DeepEqual(got, wantDiags) {
		t.Errorf("b/settings.py while a is indexed: %q, want %q", got, wantDiags)
	}

	ua := c.open(filepath.Join(a, "conf", "settings", "base.py"), 1, cleanSettings+"DEBUG = True\n")
	c.waitUntil("progress begin", func() bool { return len(c.progressOf("djls-indexing")) > 0 })
	c.notify(protocol.MethodWindowWorkDoneProgressCancel, &protocol.WorkDoneProgressCancelParams{Token: protocol.String("djls-indexing")})

	progress := c.waitProgress("djls-indexing")
	want := []string{`begin "2 folder(s)" cancellable=true`, `end "cancelled" cancellable=-`}
	if got := fmt.Sprint(progress); got != fmt.Sprint(want) {
		t.Errorf("progress = %s, want %s", got, want)
	}
	// The same module as b's, so the same diagnostics.
	if got := diagSummary(c.waitPublish(ua, 1).Diagnostics); !reflect.DeepEqual(got, wantDiags) {
		t.Errorf("open a/conf/settings/base.py after the cancel: %q, want %q", got, wantDiags)
	}
	c.barrier(ua)
	prod := string(uri.File(filepath.Join(a, "conf", "settings", "prod.py")))
	deep := string(uri.File(filepath.Join(a, "deep", "er", "settings.py")))
	latest := c.latest()
	if got := withCode(latest[prod].Diagnostics, "DJS001"); len(got) != 1 || fmtRange(got[0].Range) != "0:8-0:12" {
		t.Errorf("prod.py, beside the open document: DJS001 %v, want one at 0:8-0:12", got)
	}
	if p, ok := latest[deep]; ok {
		t.Errorf("deep/er/settings.py was judged after the cancel: %q", diagSummary(p.Diagnostics))
	}
	wantMsg := protocol.ShowMessageParams{Type: protocol.MessageTypeInfo, Message: "djls: indexing of " + a + " was cancelled. " +
		"Until it is indexed again, djls judges only the open files and the other files in their folders. " +
		"Changing a project file (requirements*.txt, pyproject.toml, setup.cfg, Pipfile, .gitignore, manage.py) re-indexes it, as does restarting the server."}
	if got := c.showMessages(); len(got) != 1 || got[0] != wantMsg {
		t.Errorf("showMessage = %+v, want exactly %+v", got, wantMsg)
	}

	// A change of a project file indexes folder a fully again.
	c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, &protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{
		{URI: uri.File(filepath.Join(a, "requirements.txt")), Type: protocol.FileChangeTypeChanged},
	}})
	c.waitUntil("re-index begin", func() bool { return len(c.progressOf("djls-indexing-2")) > 0 })
	close(release)
	want = []string{`begin "1 folder(s)" cancellable=true`, `report "1,000 files" cancellable=-`, `end "done" cancellable=-`}
	if got := fmt.Sprint(c.waitProgress("djls-indexing-2")); got != fmt.Sprint(want) {
		t.Errorf("re-index progress = %s, want %s", got, want)
	}
	c.barrier(ua)
	if got := withCode(c.latest()[deep].Diagnostics, "DJS001"); len(got) != 1 || fmtRange(got[0].Range) != "0:8-0:12" {
		t.Errorf("deep/er/settings.py after the re-index: DJS001 %v, want one at 0:8-0:12", got)
	}
	if got := c.showMessages(); len(got) != 1 {
		t.Errorf("%d showMessages after the re-index, want still 1", len(got))
	}
}

// TestIndexingReportsFileCount holds the walk at its 1,000th file until
// the client has seen the begin, so the report is sent deterministically.
func TestIndexingReportsFileCount(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{".gitignore": ".env\n", "requirements.txt": "django==5.1\ngunicorn\n"}
	pyFiles(files, 1000)
	writeFiles(t, root, files)
	release := make(chan struct{})
	c := startServer(t, &testHooks{indexProgress: func(ctx context.Context, root string, n int) {
		select {
		case <-release:
		case <-ctx.Done():
		}
	}})
	c.initializeFolders(root)
	c.waitUntil("progress begin", func() bool { return len(c.progressOf("djls-indexing")) > 0 })
	close(release)
	want := []string{`begin "1 folder(s)" cancellable=true`, `report "1,000 files" cancellable=-`, `end "done" cancellable=-`}
	if got := fmt.Sprint(c.waitProgress("djls-indexing")); got != fmt.Sprint(want) {
		t.Errorf("progress = %s, want %s", got, want)
	}
}

func TestGroupThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 50000: "50,000", 1234567: "1,234,567"} {
		if got := groupThousands(n); got != want {
			t.Errorf("groupThousands(%d) = %q, want %q", n, got, want)
		}
	}
}
