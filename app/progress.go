package app

import (
	"context"
	"errors"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/i18n"
	"riskbook/risk"
)

// Long work — an export, an import — runs off the UI goroutine behind a
// dialog that says what it is doing, shows how far it has got as the work
// reports it (risk.Progress), and has a Stop button that cancels it. The
// work itself guarantees that a stopped export leaves no document
// half-written and a stopped import writes nothing.

// progressEvery is how often the dialog shows the work's progress at most.
const progressEvery = 100 * time.Millisecond

// longWork is the dialog of one piece of long work.
type longWork struct {
	dialog *dialog.CustomDialog
	step   *widget.Label
	bar    *widget.ProgressBar
	stop   *widget.Button
	cancel context.CancelFunc

	mu    sync.Mutex
	shown time.Time // when progress was last shown
}

// runLong runs work in the background behind a progress dialog titled
// title, saying intro, and hands its result to done on the UI goroutine
// once the dialog is gone. stopped reports whether the person stopped it.
func runLong[T any](a *App, title, intro string, work func(ctx context.Context) (T, error), done func(v T, err error, stopped bool)) *longWork {
	ctx, cancel := context.WithCancel(context.Background())
	l := &longWork{step: widget.NewLabel(i18n.T("shell.progress.starting")), bar: widget.NewProgressBar(), cancel: cancel}
	l.step.Truncation = fyne.TextTruncateEllipsis
	l.stop = widget.NewButtonWithIcon(i18n.T("shell.progress.stop"), theme.CancelIcon(), l.onStop)
	body := wrapLabel(intro)
	l.dialog = dialog.NewCustomWithoutButtons(title,
		container.NewVBox(body, l.step, l.bar, container.NewCenter(l.stop)), a.win)
	l.dialog.Resize(fyne.NewSize(520, 220))
	a.busy(a.win, l.dialog)
	ctx = risk.WithProgress(ctx, l.report)
	a.background(func() {
		v, err := work(ctx)
		stopped := ctx.Err() != nil && (err == nil || errors.Is(err, context.Canceled))
		cancel()
		fyne.Do(func() {
			l.dialog.Hide()
			done(v, err, stopped)
		})
	})
	return l
}

// report shows p, at most every progressEvery; it runs on the work's
// goroutine.
func (l *longWork) report(p risk.Progress) {
	now := time.Now()
	l.mu.Lock()
	if now.Sub(l.shown) < progressEvery && p.Done < p.Total {
		l.mu.Unlock()
		return
	}
	l.shown = now
	l.mu.Unlock()
	fyne.Do(func() { l.show(p) })
}

func (l *longWork) show(p risk.Progress) {
	if l.stop.Disabled() {
		return // stopping: the step no longer matters
	}
	l.step.SetText(p.Step + "…")
	l.bar.SetValue(p.Fraction())
}

// onStop cancels the work; the dialog stays until it has stopped.
func (l *longWork) onStop() {
	l.cancel()
	l.stop.Disable()
	l.step.SetText(i18n.T("shell.progress.stopping"))
}
