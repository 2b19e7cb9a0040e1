// Command djls finds settings that would be unsafe in a Django production
// deployment: `djls check` for CI and the terminal, `djls serve` for editors.
package main

import (
	"fmt"
	"io"
	"os"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

const usage = `djls: production-safety checks for Django settings

Usage:
  djls check [flags] PATH...   report findings in settings modules and project files
  djls serve [flags]           run the language server on stdin/stdout
  djls env-example [PROJECT]   list the env vars the settings read, as a .env.example
  djls report [flags] [PROJECT]  write the production-readiness review (Markdown or HTML)
  djls rules                   list every rule
  djls explain ID              print a rule's documentation
  djls version                 print the version

Run 'djls COMMAND --help' for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches a subcommand and returns the process exit code:
// 0 clean, 1 findings, 2 usage or configuration error.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "check":
		return runCheck(args[1:], stdout, stderr)
	case "env-example":
		return runEnvExample(args[1:], stdout, stderr)
	case "report":
		return runReport(args[1:], stdout, stderr)
	case "serve":
		return runServe(args[1:], stdin, stdout, stderr)
	case "rules":
		return runRules(args[1:], stdout, stderr)
	case "explain":
		return runExplain(args[1:], stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "djls %s\n", version)
		return 0
	case "help", "--help", "-help", "-h":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "djls: unknown command %q\n\n%s", args[0], usage)
	return 2
}
