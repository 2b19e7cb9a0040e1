package main

import (
	"fmt"
	"io"
)

func runCheck(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "djls check: not ready")
	return 2
}

func runRules(args []string, stdout, stderr io.Writer) int { return 2 }

func runExplain(args []string, stdout, stderr io.Writer) int { return 2 }
