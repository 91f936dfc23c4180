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

	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/workspace"
)

// Exit statuses.
const (
	ExitOK       = 0
	ExitFindings = 1   // check found errors, verify found damage
	ExitUsage    = 2   // bad input or a failure: one sentence on stderr
	ExitStopped  = 130 // stopped with Ctrl+C (or asked to end), as shells report an interrupted command
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
	// path is empty) and returns when its window closes, or returns at once
	// the sentence that says why no window can show here.
	Desktop func(path string) error
	// DataDir is Riskbook's data folder, where commands that change a
	// workspace first make its automatic backup of the day; empty, none is
	// made.
	DataDir string
	// Password asks for the password of a server workspace (named) when
	// the server wants one that neither the connection string, PGPASSWORD
	// nor the pgpass file gives; nil, none is asked (TerminalPassword).
	Password func(server string) (string, error)
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
		versionCommand(), rescoreCommand(), importCommand(), assessmentCommand(), trendCommand(), pushCommand(), pullCommand(),
		serverCommand(),
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, i18n.T("cli.usage.head"))
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %-26s %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprint(w, "\n"+i18n.T("cli.usage.tail")+"\n")
}

// Run executes the command line and returns the exit status. Without
// arguments it starts the desktop app.
//
// The messages are written in the system's language (i18n.System), or in
// the one --lang gives (see chooseLanguage).
func Run(ctx context.Context, args []string, e *Env) int {
	if e.Now == nil {
		e.Now = time.Now
	}
	defer i18n.SetDefault(i18n.Default().Lang())
	args, err := chooseLanguage(args)
	if err != nil {
		fmt.Fprintf(e.Stderr, "riskbook: %s\n", err)
		return ExitUsage
	}
	if len(args) == 0 {
		args = []string{"open"}
	}
	if e.Password != nil {
		ctx = workspace.WithPasswordPrompt(ctx, e.Password)
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
	fmt.Fprintf(e.Stderr, "riskbook: %s\n", i18n.T("cli.unknown_command", i18n.Args{"Command": fmt.Sprintf("%q", args[0])}))
	return ExitUsage
}

// chooseLanguage sets the language of the messages from --lang (or
// -lang, --lang=fr) and returns args without a --lang given before the
// command. Among a command's options, --lang sets the messages' language
// too, unless the command has a --lang of its own: init's chooses the
// language of the starter content, export's that of the documents.
func chooseLanguage(args []string) ([]string, error) {
	value, rest, ok := langOption(args, 0)
	if !ok && len(args) > 0 && !ownsLang(args[0]) {
		for i := 1; i < len(args) && args[i] != "--"; i++ {
			if value, _, ok = langOption(args, i); ok {
				break
			}
		}
		if ok {
			// A language Riskbook does not speak is refused by the
			// command's own --lang, with the command's name.
			if l, err := i18n.Parse(value); err == nil {
				i18n.SetDefault(l)
			}
			return args, nil
		}
	}
	if !ok {
		return args, nil
	}
	l, err := i18n.Parse(value)
	if err != nil {
		return args, err
	}
	i18n.SetDefault(l)
	return rest, nil
}

// ownsLang says whether the command reads --lang itself.
func ownsLang(name string) bool {
	for _, c := range commands() {
		if c.name == name && c.flags != nil {
			fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
			c.flags(fs)
			return fs.Lookup("lang") != nil
		}
	}
	return false
}

// langOption reads a --lang option at args[i]: its value, and args
// without it.
func langOption(args []string, i int) (value string, rest []string, ok bool) {
	if i >= len(args) {
		return "", args, false
	}
	name, v, hasValue := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
	if !strings.HasPrefix(args[i], "-") || name != "lang" {
		return "", args, false
	}
	if hasValue {
		return v, append(args[:i:i], args[i+1:]...), true
	}
	if i+1 >= len(args) {
		return "", args, true
	}
	return args[i+1], append(args[:i:i], args[i+2:]...), true
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
	var lang *string
	if fs.Lookup("lang") == nil {
		lang = fs.String("lang", "", i18n.T("cli.flag.lang"))
	}
	positional, err := parseInterspersed(fs, args)
	if err == nil && lang != nil && *lang != "" {
		_, err = i18n.Parse(*lang)
	}
	if errors.Is(err, flag.ErrHelp) {
		c.help(e.Stdout, fs)
		return ExitOK
	}
	if err == nil && c.nargs >= 0 && len(positional) != c.nargs {
		err = errors.New(describeArgs(c))
	}
	if err != nil {
		fmt.Fprintf(e.Stderr, "riskbook %s: %s\n", c.name, i18n.T("cli.usage_error", i18n.Args{"Error": strings.TrimSuffix(err.Error(), "."), "Command": c.name}))
		return ExitUsage
	}
	code, err := c.run(ctx, e, positional, opts)
	if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		// The person stopped it: no fault to report.
		fmt.Fprintf(e.Stderr, "riskbook %s: %s\n", c.name, i18n.T("stop.cli"))
		return ExitStopped
	}
	if err != nil {
		e.logf("riskbook %s %s: %v", c.name, strings.Join(args, " "), err)
		fmt.Fprintf(e.Stderr, "riskbook %s: %s\n", c.name, sentence(err))
		return ExitUsage
	}
	return code
}

func describeArgs(c *command) string {
	if c.nargs == 0 {
		return i18n.T("cli.expects_none")
	}
	return i18n.N("cli.expects", c.nargs, i18n.Args{"Args": c.args})
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
	fmt.Fprintf(w, "%s riskbook %s %s\n\n%s\n", i18n.T("cli.help.usage"), c.name, c.args, c.summary)
	if c.detail != "" {
		fmt.Fprintf(w, "\n%s\n", c.detail)
	}
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprint(w, "\n"+i18n.T("cli.help.options")+"\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
}
