package app

import (
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/i18n"
)

// logLines is how much of the log Help → Show Log shows: the end, where
// the latest failure is.
const logLines = 300

// showLog shows the end of the log: the technical detail behind the
// sentences Riskbook showed, to copy into a report.
func (a *App) showLog() {
	path := a.workspaces.LogPath()
	text := i18n.T("shell.log.empty")
	if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
		lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
		text = strings.Join(lines[max(0, len(lines)-logLines):], "\n")
	}
	grid := widget.NewTextGridFromString(text)
	scroll := container.NewScroll(grid)
	where := widget.NewLabel(path)
	where.Truncation = fyne.TextTruncateEllipsis
	copyBtn := widget.NewButtonWithIcon(i18n.T("shell.log.copy"), theme.ContentCopyIcon(), func() {
		a.fyne.Clipboard().SetContent(text)
		a.notify(i18n.T("shell.log.copied"))
	})
	content := container.NewBorder(nil, container.NewBorder(nil, nil, nil, copyBtn, where), nil, nil, scroll)
	d := dialog.NewCustom(i18n.T("shell.log.title"), i18n.T("shell.close"), content, a.win)
	d.Resize(fyne.NewSize(min(900, a.win.Canvas().Size().Width-40), min(560, a.win.Canvas().Size().Height-60)))
	a.present(a.win, d, d.Hide, nil)
	scroll.ScrollToBottom()
}
