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
	"syscall"

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
	desktop := cli.IsDesktop(os.Args[1:])
	if !desktop {
		// A command writes nothing but its own output: no toolkit logging.
		log.SetOutput(io.Discard)
	}
	env := &cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Desktop: runDesktop,
		Terminal: isatty.IsTerminal(os.Stderr.Fd()) || isatty.IsCygwinTerminal(os.Stderr.Fd()),
		Password: cli.TerminalPassword(os.Stdin, os.Stderr)}
	if data, err := workspace.DataDir(); err == nil {
		env.DataDir, env.Log = data, workspace.NewLog(data).Printf
	}
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals(desktop)...)
	code := cli.Run(ctx, os.Args[1:], env)
	stop()
	os.Exit(code)
}

// stopSignals are the signals that stop a command as Ctrl+C does, keeping
// nothing of what it was writing: Ctrl+C, the system asking it to end
// (kill, a shutdown) and, unless it runs under nohup, its terminal
// closing. The desktop app keeps the system's way with all but Ctrl+C.
func stopSignals(desktop bool) []os.Signal {
	sigs := []os.Signal{os.Interrupt}
	if desktop {
		return sigs
	}
	sigs = append(sigs, syscall.SIGTERM)
	if !signal.Ignored(syscall.SIGHUP) {
		sigs = append(sigs, syscall.SIGHUP)
	}
	return sigs
}
