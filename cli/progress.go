package cli

import (
	"context"
	"fmt"
	"time"

	"riskbook/i18n"
	"riskbook/risk"
)

// Long work (an export, an import) shows how far it has got on standard
// error when that is a terminal: one line, rewritten in place, from the
// work's first second on, cleared when it ends. Output to a file or a pipe
// never carries it. Ctrl+C cancels the work; nothing half-written is left.

// progressDelay is how long work runs before its progress shows.
const progressDelay = time.Second

// progressEvery is how often the line is rewritten at most.
const progressEvery = 100 * time.Millisecond

// showProgress returns ctx with a progress function that writes the line
// when e.Terminal is set, and done, which clears it.
func (e *Env) showProgress(ctx context.Context, what string) (_ context.Context, done func()) {
	if !e.Terminal {
		return ctx, func() {}
	}
	now := time.Now
	if e.Now != nil {
		now = e.Now
	}
	start, last, shown := now(), time.Time{}, false
	ctx = risk.WithProgress(ctx, func(p risk.Progress) {
		t := now()
		if t.Sub(start) < progressDelay || t.Sub(last) < progressEvery {
			return
		}
		last, shown = t, true
		fmt.Fprintf(e.Stderr, "\r\x1b[K%s", i18n.T("cli.progress", i18n.Args{"What": what, "Step": p.Step, "Percent": int(p.Fraction() * 100)}))
	})
	return ctx, func() {
		if shown {
			fmt.Fprint(e.Stderr, "\r\x1b[K")
		}
	}
}
