package lsp

// Logging: zap to stderr or a file, never stdout (stdout carries the protocol).

import (
	"fmt"
	"io"
	"os"
	"strings"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// LogLevelEnv names the environment variable that sets the log level when
// --log-level is not given.
const LogLevelEnv = "DJLS_LOG_LEVEL"

// NewLogger builds the server's logger writing to w at level ("debug",
// "info", "warn", "error"; "" means "info"). The returned AtomicLevel lets
// the editor change the level later (the logLevel setting).
func NewLogger(w io.Writer, level string) (*zap.Logger, zap.AtomicLevel, error) {
	lvl := zap.NewAtomicLevelAt(zapcore.InfoLevel)
	if level != "" {
		if err := lvl.UnmarshalText([]byte(strings.ToLower(level))); err != nil {
			return nil, lvl, fmt.Errorf("invalid log level %q (want debug, info, warn or error)", level)
		}
	}
	enc := zap.NewProductionEncoderConfig()
	enc.EncodeTime = zapcore.ISO8601TimeEncoder
	core := zapcore.NewCore(zapcore.NewConsoleEncoder(enc), zapcore.Lock(zapcore.AddSync(w)), lvl)
	return zap.New(core), lvl, nil
}

// OpenLogFile opens path for appending, creating it when needed.
func OpenLogFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
}
