package app

import (
	"context"
	"log"

	"fyne.io/fyne/v2"

	"riskbook/i18n"
)

// Watcher is how a workspace on a server tells of the changes other
// people commit to it.
type Watcher interface {
	// Watch calls changed, from a goroutine of its own, with the kinds of
	// record others changed, until ctx ends; it returns at once for a
	// workspace file. When the connection is lost it calls paused and
	// tries again, then calls changed with nil kinds once it follows the
	// changes again: anything may have changed meanwhile.
	Watch(ctx context.Context, changed func(kinds []string), paused func(err error)) error
}

// watch follows the changes other people make to ws while it is open:
// each time, on the UI goroutine, the screen shown is read again and the
// others when they are next shown. An editor keeps the edit it holds
// (draftEditor.load); an edit saved over a change it did not see is
// refused by the store and offered as a choice. While the server cannot
// be reached the status bar says that live updates are paused; once they
// resume, the screen shown is read again, since others may have changed
// it meanwhile.
func (a *App) watch(ws Workspace) {
	ctx, stop := context.WithCancel(context.Background())
	a.stopWatch = stop
	go func() {
		err := ws.Watch(ctx, func(kinds []string) {
			fyne.Do(func() {
				if a.ws != ws {
					return
				}
				a.pauseLive(false)
				a.othersChanged()
			})
		}, func(err error) {
			log.Printf("live updates paused: %v; trying again", err)
			fyne.Do(func() {
				if a.ws == ws {
					a.pauseLive(true)
				}
			})
		})
		if err == nil {
			return
		}
		a.failedOffUI(ws, "follow the changes to", err, i18n.T("live.watch.stopped", i18n.Args{"Error": message(err)}))
	}()
}

// unwatch stops following the changes of the workspace closed.
func (a *App) unwatch() {
	if a.stopWatch != nil {
		a.stopWatch()
		a.stopWatch = nil
	}
	a.livePaused = false
}

// pauseLive says in the status bar, between messages, whether the changes
// others make are followed or paused until the server answers again.
func (a *App) pauseLive(paused bool) {
	if a.livePaused == paused {
		return
	}
	a.livePaused = paused
	if a.status.owner == -1 {
		a.status.idle()
	}
}

// othersChanged reads again what others changed: the screen shown now,
// the others when next shown.
func (a *App) othersChanged() {
	for i, s := range a.sections {
		if s.scr == nil {
			continue
		}
		if i == a.current {
			s.scr.reload()
		} else {
			s.stale = true
		}
	}
}
