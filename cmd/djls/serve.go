package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/djls-dev/djls/internal/gcpace"
	"github.com/djls-dev/djls/internal/lsp"
)

// serveMemoryLimit is the Go heap's soft limit for `djls serve`; C memory
// (tree-sitter trees) comes on top. It is a ceiling for long sessions, not
// a target: a limit near the live heap makes the collector run all the
// time. Measured on a 0.9 MB module (BenchmarkBinaryLargeModuleDidChange,
// quiet machine), a 32 MiB limit cost 338 ms of CPU and 180 ms (p50) per
// keystroke against 38 ms and 25 ms with 1 GiB or no limit (peak RSS 113 MB
// against 164-167 MB); on 200- and 5,000-line modules (BenchmarkE2E*) the
// three are within noise (peak RSS 44-49 MB at 5,000 lines either way).
// 1 GiB costs nothing measurable and still bounds the heap of a session
// that runs for days.
const serveMemoryLimit = 1 << 30

// serveHeapFloor is the heap goal `djls serve` keeps while its live heap is
// small (internal/gcpace): with one 200-line module open (under 1 MB live)
// it collected every ~3 MB allocated, ~100 keystrokes, each collection
// slowing two or three of them by 1-3 ms. With this floor a collection
// comes every ~400 in-string keystrokes there (E2E p99 0.46-0.91 ms in 3
// runs, from 1.41-1.65 the same afternoon; 8 MB gave 0.74-2.07), for ~4 MB
// more RSS (22.5 MB); 50 open modules (~8 MB live) are above the floor.
const serveHeapFloor = 12 << 20

// runServe runs the language server on stdin/stdout. Logs go to stderr or
// --log-file, never to stdout, which carries the protocol.
func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	logFile := fs.String("log-file", "", "write logs to this file instead of stderr")
	logLevel := fs.String("log-level", "", "debug, info, warn or error (default $"+lsp.LogLevelEnv+" or info)")
	fs.Bool("stdio", true, "talk LSP on stdin/stdout (the only transport; accepted for editor compatibility)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "djls serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	level := *logLevel
	if level == "" {
		level = os.Getenv(lsp.LogLevelEnv)
	}
	logOut := stderr
	if *logFile != "" {
		f, err := lsp.OpenLogFile(*logFile)
		if err != nil {
			fmt.Fprintf(stderr, "djls serve: %v\n", err)
			return 2
		}
		defer f.Close()
		logOut = f
	}
	logger, atom, err := lsp.NewLogger(logOut, level)
	if err != nil {
		fmt.Fprintf(stderr, "djls serve: %v\n", err)
		return 2
	}
	defer logger.Sync() //nolint:errcheck // best effort on exit
	if os.Getenv("GOMEMLIMIT") == "" {
		// An editor keeps the server running for hours: bound the heap
		// (old document versions, old analyses) without collecting early.
		debug.SetMemoryLimit(serveMemoryLimit)
	}
	defer gcpace.KeepFloor(serveHeapFloor, os.Getenv)()
	rwc := stdio{Reader: stdin, Writer: stdout}
	return lsp.Serve(context.Background(), rwc, lsp.Options{Version: version, Logger: logger, Level: &atom})
}

// stdio joins stdin and stdout into the connection's ReadWriteCloser.
type stdio struct {
	io.Reader
	io.Writer
}

func (s stdio) Close() error {
	if c, ok := s.Reader.(io.Closer); ok {
		return c.Close()
	}
	return nil
}
