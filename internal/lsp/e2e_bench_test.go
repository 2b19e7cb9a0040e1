package lsp

// End to end over the built binary's stdio: a smoke test, and benchmarks of
// didChange -> publishDiagnostics latency and of peak memory.
//
//	go test ./internal/lsp -run '^$' -bench E2E -benchtime 300x

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// djlsBinary builds cmd/djls once per test process ($DJLS_BIN names a
// prebuilt binary instead).
func djlsBinary(tb testing.TB) string {
	tb.Helper()
	buildOnce.Do(func() {
		if prebuilt := os.Getenv("DJLS_BIN"); prebuilt != "" {
			binPath = prebuilt // a binary built elsewhere
			return
		}
		dir, err := os.MkdirTemp("", "djls-e2e")
		if err != nil {
			buildErr = err
			return
		}
		binPath, buildErr = buildDjls(dir)
	})
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return binPath
}

// buildDjls builds cmd/djls into dir with extra go build flags (-race).
func buildDjls(dir string, flags ...string) (string, error) {
	bin := filepath.Join(dir, "djls")
	args := append(append([]string{"build"}, flags...), "-o", bin, "github.com/djls-dev/djls/cmd/djls")
	// go test puts its own GOROOT/bin first on the PATH of the tests.
	out, err := exec.Command("go", args...).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return bin, nil
}

// procPipe joins the child's stdout and stdin.
type procPipe struct {
	io.Reader
	io.WriteCloser
}

// startBinary runs `djls serve --stdio` and returns a client on its stdio.
func startBinary(tb testing.TB, args ...string) (*testClient, *exec.Cmd, *strings.Builder) {
	tb.Helper()
	// DJLS_SERVER_ENV ("GOGC=200 GODEBUG=gctrace=1") sets variables for the
	// server alone, to compare runtime settings.
	return startBinaryAt(tb, djlsBinary(tb), strings.Fields(os.Getenv("DJLS_SERVER_ENV")), args...)
}

// startBinaryAt runs `bin serve` with extra environment variables. The
// stderr it returns may be read once the client's exitCode has arrived
// (or in a Cleanup registered before the call, which runs after the one
// here that stops the server).
func startBinaryAt(tb testing.TB, bin string, env []string, args ...string) (*testClient, *exec.Cmd, *strings.Builder) {
	tb.Helper()
	if len(args) == 0 {
		args = []string{"--stdio", "--log-level", "warn"}
	}
	cmd := exec.Command(bin, append([]string{"serve"}, args...)...)
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stderr := &strings.Builder{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	c := newTestClient(tb, procPipe{stdout, stdin})
	go func() {
		err := cmd.Wait()
		code := 0
		if err != nil {
			code = cmd.ProcessState.ExitCode()
		}
		c.exitCode <- code
	}()
	tb.Cleanup(func() {
		stdin.Close()
		select {
		case <-c.exitCode:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-c.exitCode // Wait has returned: stderr is complete
		}
	})
	return c, cmd, stderr
}

func TestBinaryOverStdio(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{".gitignore": ".env\n", "requirements.txt": "django==5.1\ngunicorn\n"})
	c, _, stderr := startBinary(t)
	res := c.initialize(dir, "", "")
	if res.ServerInfo.Name != "djls" {
		t.Fatalf("serverInfo = %+v", res.ServerInfo)
	}
	u := c.open(filepath.Join(dir, "settings.py"), 1, cleanSettings+"DEBUG = True\n")
	got := withCode(c.waitPublish(u, 1).Diagnostics, "DJS001")
	if len(got) != 1 || fmtRange(got[0].Range) != "4:8-4:12" {
		t.Fatalf("DJS001 = %v, want one at 4:8-4:12", got)
	}
	if code := c.shutdown(); code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", code, stderr)
	}
}

func TestBinaryLogsToFileNotStdout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	logFile := filepath.Join(t.TempDir(), "djls.log")
	t.Setenv(LogLevelEnv, "debug")
	c, _, stderr := startBinary(t, "--log-file", logFile)
	c.initialize(t.TempDir(), "", "")
	if code := c.shutdown(); code != 0 {
		t.Fatalf("exit code %d", code)
	}
	log, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	// Debug level came from the environment: request logs are there.
	for _, want := range []string{"initialized", "handled", "shutdown"} {
		if !strings.Contains(string(log), want) {
			t.Errorf("log file lacks %q:\n%s", want, log)
		}
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr not empty with --log-file: %s", stderr)
	}
}

// generatedModule is a settings module of about n lines: a secure core and
// many plain settings.
func generatedModule(n int) string {
	var b strings.Builder
	b.WriteString(`import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
`)
	for i := 16; i < n; i++ {
		fmt.Fprintf(&b, "APP_SETTING_%05d = \"value %05d\"\n", i, i)
	}
	return b.String()
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

// vmHWM reads a process's peak resident set size, in MB.
func vmHWM(tb testing.TB, pid int) float64 { return procStatusMB(tb, strconv.Itoa(pid), "VmHWM") }

// procStatusMB reads a kB field of /proc/<pid>/status ("self" for this
// process) in MB.
func procStatusMB(tb testing.TB, pid, field string) float64 {
	data, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		tb.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

func BenchmarkE2EDidChange(b *testing.B) {
	for _, lines := range []int{200, 5000} {
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			dir := benchProject(b)
			c, cmd, _ := startBinary(b)
			c.initialize(dir, "", "")
			u := c.open(filepath.Join(dir, "settings.py"), 1, generatedModule(lines))
			c.waitPublish(u, 1)
			reportLatencies(b, retypeInMiddle(b, c, u, lines))
			b.ReportMetric(vmHWM(b, cmd.Process.Pid), "peak-RSS-MB")
			c.shutdown()
		})
	}
}

// BenchmarkE2EMemory50Docs measures once, whatever b.N.
func BenchmarkE2EMemory50Docs(b *testing.B) {
	for i := 0; i < min(b.N, 1); i++ {
		dir := benchProject(b)
		c, cmd, _ := startBinary(b)
		c.initialize(dir, "", "")
		openAndEditEach(b, c, dir) // memory_bench_test.go
		b.ReportMetric(vmHWM(b, cmd.Process.Pid), "peak-RSS-MB")
		// What is private to the server at the end, and what is pages of
		// files (mostly the binary's own, shared with the page cache).
		pid := strconv.Itoa(cmd.Process.Pid)
		b.ReportMetric(procStatusMB(b, pid, "RssAnon"), "anon-RSS-MB")
		b.ReportMetric(procStatusMB(b, pid, "RssFile"), "file-RSS-MB")
		c.callOK(protocol.MethodShutdown, nil, nil)
		c.notify(protocol.MethodExit, nil)
	}
}

// benchProject is a fresh project folder with the files every keystroke
// benchmark has (a .gitignore that ignores .env, gunicorn in the
// requirements), so that their findings are those of the settings alone.
func benchProject(tb testing.TB) string {
	dir := tb.TempDir()
	writeFiles(tb, dir, map[string]string{".gitignore": ".env\n", "requirements.txt": "django==5.1\ngunicorn\n"})
	return dir
}

// BenchmarkInProcessDidChange is the same keystroke loop without the
// process boundary, for profiling (-cpuprofile).
func BenchmarkInProcessDidChange(b *testing.B) {
	for _, lines := range []int{200, 5000} {
		for _, kind := range []string{"char", "insert", "break"} {
			b.Run(fmt.Sprintf("lines=%d/edit=%s", lines, kind), func(b *testing.B) {
				dir := benchProject(b)
				c, _ := startServerOf(b, nil)
				c.initialize(dir, "", "")
				u := c.open(filepath.Join(dir, "settings.py"), 1, generatedModule(lines))
				c.waitPublish(u, 1)
				edits := map[string]func(*testing.B, *testClient, uri.URI, int) []time.Duration{
					"char": retypeInMiddle, "insert": insertInMiddle, "break": breakInMiddle,
				}[kind]
				latencies := edits(b, c, u, lines)
				reportLatencies(b, latencies)
				b.ReportMetric(float64(latencies[len(latencies)-1].Microseconds())/1000, "max-ms")
			})
		}
	}
}

// retypeInMiddle retypes one character of a string in the middle of a
// module of the given size b.N times, each edit waiting for its publish,
// and returns the edit→publish latencies, sorted. Only the loop is timed.
func retypeInMiddle(b *testing.B, c *testClient, u uri.URI, lines int) []time.Duration {
	line := uint32(lines / 2)
	return timedEdits(b, c, u, func(i int) protocol.TextDocumentContentChangeEvent {
		return edit(line, 25, line, 26, string(rune('a'+i%26)))
	})
}

// reportLatencies reports the p50 and p99 of sorted latencies in ms.
func reportLatencies(b *testing.B, latencies []time.Duration) {
	b.ReportMetric(float64(percentile(latencies, 0.50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(latencies, 0.99).Microseconds())/1000, "p99-ms")
}

// cpuSeconds reads a process's user+system CPU time from /proc/<pid>/stat.
func cpuSeconds(tb testing.TB, pid int) float64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		tb.Skipf("no /proc: %v", err)
	}
	// The command name (field 2) may hold spaces; fields count from its ')'.
	fields := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
	utime, _ := strconv.ParseFloat(fields[11], 64)
	stime, _ := strconv.ParseFloat(fields[12], 64)
	return (utime + stime) / 100 // USER_HZ
}

// BenchmarkBinaryLargeModuleDidChange is the keystroke loop of
// BenchmarkE2EDidChange on a module just under the 1 MiB size limit, with
// the server's CPU time per keystroke: what the heap's soft limit costs.
// Set GOMEMLIMIT to compare limits (djls serve keeps the one it is given).
//
//	go test ./internal/lsp -run '^$' -bench BinaryLargeModule -benchtime 20x
func BenchmarkBinaryLargeModuleDidChange(b *testing.B) {
	const lines = 25000 // ~0.9 MB
	dir := benchProject(b)
	c, cmd, _ := startBinary(b)
	c.initialize(dir, "", "")
	u := c.open(filepath.Join(dir, "settings.py"), 1, generatedModule(lines))
	c.waitPublish(u, 1)
	cpu0 := cpuSeconds(b, cmd.Process.Pid)
	latencies := retypeInMiddle(b, c, u, lines)
	cpu := cpuSeconds(b, cmd.Process.Pid) - cpu0
	reportLatencies(b, latencies)
	b.ReportMetric(cpu*1000/float64(b.N+warmupEdits), "cpu-ms/op") // the warm-up edits cost CPU too
	b.ReportMetric(vmHWM(b, cmd.Process.Pid), "peak-RSS-MB")
	c.shutdown()
}
