// Package cli is Riskbook's command line: one file per command (or small
// group of commands), the framework that parses and dispatches them here,
// and every check of a flag's value or of flags that do not go together in
// flags.go. Commands only read their arguments, call the workspace layer
// and print; what they report is decided in the domain and workspace
// packages, so the command line and the desktop app say the same thing.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"riskbook/risk"
)

// Exit statuses.
const (
	ExitOK       = 0
	ExitFindings = 1 // check found errors, verify found damage
	ExitUsage    = 2 // bad input or a failure: one sentence on stderr
)

// command is one subcommand of the riskbook binary.
type command struct {
	name    string
	args    string // synopsis of the positional arguments
	summary string
	detail  string
	nargs   int
	flags   func(*flag.FlagSet) any
	run     func(ctx context.Context, env *Env, args []string, opts any) (int, error)
}

// Env is what a command reads and writes besides the file system.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Terminal says that Stderr is a terminal, where long work shows how
	// far it has got.
	Terminal bool
	Now      func() time.Time
	// Desktop starts the desktop app on a workspace (the last one when the
	// path is empty) and returns when its window closes.
	Desktop func(path string)
	// DataDir is Riskbook's data folder, where commands that change a
	// workspace first make its automatic backup of the day; empty, none is
	// made.
	DataDir string
	// Log receives the technical detail behind a failure, which the
	// sentence on standard error leaves out; nil drops it.
	Log func(format string, args ...any)
}

func (e *Env) logf(format string, args ...any) {
	if e.Log != nil {
		e.Log(format, args...)
	}
}

func commands() []*command {
	return []*command{
		openCommand(), initCommand(), checkCommand(), exportCommand(), dumpCommand(), loadCommand(),
		verifyCommand(), backupCommand(), backupsCommand(), restoreCommand(), salvageCommand(),
		versionCommand(), rescoreCommand(), importCommand(), assessmentCommand(),
	}
}

const usageHead = `Riskbook keeps your risk register, Statement of Applicability, business
impact analysis and continuity playbooks in one local workspace file.

Usage:
  riskbook                          start the desktop app on the last workspace
  riskbook COMMAND [arguments]

Commands:
`

func usage(w io.Writer) {
	fmt.Fprint(w, usageHead)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %-26s %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprint(w, "\nRun riskbook COMMAND --help for a command's options.\n")
}

// Run executes the command line and returns the exit status. Without
// arguments it starts the desktop app.
func Run(ctx context.Context, args []string, e *Env) int {
	if e.Now == nil {
		e.Now = time.Now
	}
	if len(args) == 0 {
		args = []string{"open"}
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(e.Stdout)
		return ExitOK
	case "-version", "--version":
		args[0] = "version"
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.execute(ctx, e, args[1:])
		}
	}
	fmt.Fprintf(e.Stderr, "riskbook: unknown command %q; run riskbook --help to see the commands.\n", args[0])
	return ExitUsage
}

// IsDesktop says whether the arguments start the desktop app rather than
// a command-line command.
func IsDesktop(args []string) bool {
	if len(args) == 0 {
		return true
	}
	if args[0] != "open" {
		return false
	}
	for _, a := range args[1:] {
		if a == "-h" || a == "-help" || a == "--help" {
			return false
		}
	}
	return true
}

func (c *command) execute(ctx context.Context, e *Env, args []string) int {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var opts any
	if c.flags != nil {
		opts = c.flags(fs)
	}
	positional, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		c.help(e.Stdout, fs)
		return ExitOK
	}
	if err == nil && c.nargs >= 0 && len(positional) != c.nargs {
		err = fmt.Errorf("expects %s", describeArgs(c))
	}
	if err != nil {
		fmt.Fprintf(e.Stderr, "riskbook %s: %s; run riskbook %s --help for usage.\n", c.name, strings.TrimSuffix(err.Error(), "."), c.name)
		return ExitUsage
	}
	code, err := c.run(ctx, e, positional, opts)
	if err != nil {
		e.logf("riskbook %s %s: %v", c.name, strings.Join(args, " "), err)
		fmt.Fprintf(e.Stderr, "riskbook %s: %s\n", c.name, sentence(err))
		return ExitUsage
	}
	return code
}

func describeArgs(c *command) string {
	if c.nargs == 0 {
		return "no arguments"
	}
	return fmt.Sprintf("%d argument%s: %s", c.nargs, map[bool]string{true: "s"}[c.nargs > 1], c.args)
}

// sentence turns an error into the one sentence a person sees: a fault
// of a file with the advice of the command line.
func sentence(err error) string {
	msg := risk.ErrorMessage(err)
	if fe := (*risk.FileError)(nil); errors.As(err, &fe) {
		msg = fe.What() + "; " + fileAdvice(fe)
	}
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

func (c *command) help(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: riskbook %s %s\n\n%s\n", c.name, c.args, c.summary)
	if c.detail != "" {
		fmt.Fprintf(w, "\n%s\n", c.detail)
	}
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprint(w, "\nOptions:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
}

// plural writes a count with its noun: "1 error", "3 errors".
func plural(n int, word string) string { return risk.Count(n, word, word+"s") }
