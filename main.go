// Riskbook keeps a small organisation's risk register, business impact
// analysis and continuity playbooks in one local SQLite file. The same binary
// is the desktop app and a command-line tool.
package main

import (
	"context"
	"os"
	"os/signal"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
