package app

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/export"
	"riskbook/risk"
)

// exportForm is what the Export dialog asks.
type exportForm struct {
	pdf, xlsx bool
	level     export.Level
	folder    string
	name      string // file name without extension
}

// paths returns the files the form asks for ("" for a format not chosen).
func (f exportForm) paths() (pdf, xlsx string, err error) {
	name := strings.TrimSpace(f.name)
	if name == "" || strings.ContainsAny(name, `/\`) {
		return "", "", risk.Errorf(risk.EINVALID, "Give the export a file name, without folders")
	}
	if !f.pdf && !f.xlsx {
		return "", "", risk.Errorf(risk.EINVALID, "Choose PDF, Excel or both")
	}
	base := filepath.Join(f.folder, name)
	if f.pdf {
		pdf = base + ".pdf"
	}
	if f.xlsx {
		xlsx = base + ".xlsx"
	}
	return pdf, xlsx, nil
}

// exportDialog asks for formats, level and destination, then exports in
// the background with a progress dialog.
func (a *App) exportDialog() {
	if a.ws == nil {
		return
	}
	stem := strings.TrimSuffix(filepath.Base(a.ws.Path()), workspaceExt)
	settings, err := a.ws.Settings(context.Background())
	if err != nil {
		a.showError(err)
		return
	}
	org := export.ProfileFrom(settings).Organisation
	registerName := export.DocumentName(org, stem, "risk register", time.Now())
	summaryName := export.DocumentName(org, stem, "risk summary", time.Now())
	form := exportForm{pdf: true, xlsx: true, level: export.Full, folder: filepath.Dir(a.ws.Path()), name: registerName}
	pdf := widget.NewCheck("PDF document", func(on bool) { form.pdf = on })
	pdf.SetChecked(true)
	xlsx := widget.NewCheck("Excel workbook", func(on bool) { form.xlsx = on })
	xlsx.SetChecked(true)
	levels := []struct {
		label string
		level export.Level
	}{
		{"Full — the audit document: every risk, action, control and the change log", export.Full},
		{"Summary — public evidence: criteria, counts and progress; no risks, no names", export.Summary},
	}
	var levelLabels []string
	for _, l := range levels {
		levelLabels = append(levelLabels, l.label)
	}
	name := widget.NewEntry()
	name.SetText(form.name)
	name.OnChanged = func(v string) { form.name = v }
	level := widget.NewRadioGroup(levelLabels, func(v string) {
		for _, l := range levels {
			if l.label == v {
				form.level = l.level
			}
		}
		// Follow the level in the suggested name, unless the user typed one.
		switch {
		case form.level == export.Summary && form.name == registerName:
			name.SetText(summaryName)
		case form.level == export.Full && form.name == summaryName:
			name.SetText(registerName)
		}
	})
	level.SetSelected(levelLabels[0])
	where := widget.NewLabel(form.folder)
	where.Truncation = fyne.TextTruncateEllipsis
	choose := widget.NewButtonWithIcon("Choose…", theme.FolderOpenIcon(), func() {
		a.chooseFolder(form.folder, func(dir string) { form.folder = dir; where.SetText(dir) })
	})
	items := []*widget.FormItem{
		widget.NewFormItem("Formats", container.NewHBox(pdf, xlsx)),
		widget.NewFormItem("Level", level),
		widget.NewFormItem("File name", name),
		widget.NewFormItem("Folder", container.NewBorder(nil, nil, nil, choose, where)),
	}
	d := dialog.NewForm("Export", "Export", "Cancel", items, func(ok bool) {
		if ok {
			a.confirmExport(form)
		}
	}, a.win)
	d.Resize(fyne.NewSize(720, 340))
	d.Show()
}

func (a *App) chooseFolder(start string, chosen func(string)) {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err == nil && l != nil {
			chosen(l.Path())
		}
	}, a.win)
	if l, err := storage.ListerForURI(storage.NewFileURI(start)); err == nil {
		d.SetLocation(l)
	}
	d.Resize(fyne.NewSize(820, 560))
	d.Show()
}

// confirmExport asks before replacing existing files, then exports.
func (a *App) confirmExport(f exportForm) {
	pdf, xlsx, err := f.paths()
	if err != nil {
		a.showError(err)
		return
	}
	var existing []string
	for _, p := range []string{pdf, xlsx} {
		if _, err := os.Stat(p); p != "" && err == nil {
			existing = append(existing, filepath.Base(p))
		}
	}
	if len(existing) == 0 {
		a.runExport(f.level, pdf, xlsx)
		return
	}
	dialog.ShowConfirm("Replace existing files?",
		strings.Join(existing, " and ")+" already exist in this folder. Replace them with the new export?",
		func(ok bool) {
			if ok {
				a.runExport(f.level, pdf, xlsx)
			}
		}, a.win)
}

// runExport writes the export off the UI goroutine, showing progress; the
// window stays usable.
func (a *App) runExport(level export.Level, pdf, xlsx string) {
	a.flush()
	ws := a.ws
	progress := dialog.NewCustomWithoutButtons("Exporting…",
		container.NewVBox(widget.NewLabel("Building the documents; this takes a few seconds for a large register."),
			widget.NewProgressBarInfinite()), a.win)
	progress.Show()
	async(a, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, ws.Export(ctx, export.Request{Level: level, PDF: pdf, XLSX: xlsx})
	}, func(_ struct{}, err error) {
		progress.Hide()
		if err != nil {
			a.showError(err)
			return
		}
		a.exported(pdf, xlsx)
	})
}

// exported says what was written and offers to open the folder.
func (a *App) exported(pdf, xlsx string) {
	var files []string
	dir := ""
	for _, p := range []string{pdf, xlsx} {
		if p != "" {
			files = append(files, filepath.Base(p))
			dir = filepath.Dir(p)
		}
	}
	msg := fmt.Sprintf("Wrote %s to %s.", strings.Join(files, " and "), dir)
	a.notify(msg)
	dialog.ShowCustomConfirm("Export finished", "Open folder", "Close", widget.NewLabel(msg), func(open bool) {
		if open {
			a.openFolder(dir)
		}
	}, a.win)
}

func (a *App) openFolder(dir string) {
	u := &url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}
	if err := a.fyne.OpenURL(u); err != nil {
		a.showError(fmt.Errorf("cannot open %s: %w", dir, err))
	}
}
