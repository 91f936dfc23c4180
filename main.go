// Riskbook keeps a small organisation's risk register, business impact
// analysis and continuity playbooks in one local SQLite file. The same binary
// is the desktop app and a command-line tool: main only picks one and wires
// the workspace layer into it.
package main

import (
	"context"
	"io"
	"log"
	"os"
	"os/signal"

	_ "env.riskbook/localeenv" // before Fyne reads the locale: see its doc

	"github.com/mattn/go-isatty"

	"riskbook/cli"
	"riskbook/workspace"
)

func main() {
	v, err := appVersion(fyneApp)
	if err != nil {
		// A build from a broken FyneApp.toml must not ship: its tests fail first.
		panic(err)
	}
	workspace.Version = v
	if !cli.IsDesktop(os.Args[1:]) {
		// A command writes nothing but its own output: no toolkit logging.
		log.SetOutput(io.Discard)
	}
	env := &cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Desktop: runDesktop,
		Terminal: isatty.IsTerminal(os.Stderr.Fd()) || isatty.IsCygwinTerminal(os.Stderr.Fd()),
		Password: cli.TerminalPassword(os.Stdin, os.Stderr)}
	if data, err := workspace.DataDir(); err == nil {
		env.DataDir, env.Log = data, workspace.NewLog(data).Printf
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Run(ctx, os.Args[1:], env)
	stop()
	os.Exit(code)
}
