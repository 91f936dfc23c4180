package export

import (
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"riskbook/i18n"
)

// xlFitWidth is the widest sheet, in Excel character units, that is
// fitted to the page width when printed: a wider one would print in type
// too small to read (the full Risks sheet would be about 3 points), so it
// prints at full size across several pages, and a print layout of the
// same data (Register (print)) is the one to print.
const xlFitWidth = 250.0

// printSetup makes every sheet print as a document (xlPrintSetup), fitted
// to the page width unless that would make it unreadable.
func (s *xlSheet) printSetup() error {
	return xlPrintSetup(s.b.f, s.name, s.b.r.Meta, s.b.r.Printer, s.printWidth() <= xlFitWidth)
}

// printWidth is the width of the sheet's used columns.
func (s *xlSheet) printWidth() float64 {
	w := 0.0
	for col := 1; col <= s.last; col++ {
		w += s.widths[col]
	}
	return w
}

// xlPrintSetup makes a sheet of any workbook Riskbook writes print as a
// document: A4 landscape, fitted to the page width when fit is set,
// classification in the header, title and page numbers in the footer
// (from m, in p's language), no grid lines (tables draw their own
// borders).
func xlPrintSetup(f *excelize.File, name string, m Meta, p *i18n.Printer, fit bool) error {
	no := false
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return fmt.Errorf("sheet properties: %w", err)
	}
	landscape, a4, one, zero := "landscape", 9, 1, 0
	layout := &excelize.PageLayoutOptions{Orientation: &landscape, Size: &a4}
	if fit {
		layout.FitToWidth, layout.FitToHeight = &one, &zero
	}
	if err := f.SetPageLayout(name, layout); err != nil {
		return fmt.Errorf("page layout: %w", err)
	}
	side, edge, band := 0.4, 0.75, 0.3
	if err := f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{Left: &side, Right: &side,
		Top: &edge, Bottom: &edge, Header: &band, Footer: &band}); err != nil {
		return fmt.Errorf("page margins: %w", err)
	}
	header, footer := xlHeaderFooter(m, p)
	if err := f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{OddHeader: header, OddFooter: footer}); err != nil {
		return fmt.Errorf("header and footer: %w", err)
	}
	if err := f.SetSheetView(name, 0, &excelize.ViewOptions{ShowGridLines: &no}); err != nil {
		return fmt.Errorf("sheet view: %w", err)
	}
	return nil
}

// printTitles repeats the main table's header row on every printed page.
func (s *xlSheet) printTitles() error {
	if s.freeze == nil {
		return nil
	}
	return xlPrintTitles(s.b.f, s.name, s.freeze.header)
}

// xlPrintTitles repeats row, a table's header, on every printed page of
// the sheet.
func xlPrintTitles(f *excelize.File, name string, row int) error {
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("%s!$%d:$%d", xlQuoteSheet(name), row, row), Scope: name}); err != nil {
		return fmt.Errorf("print titles: %w", err)
	}
	return nil
}

// xlHeaderFooter are the running header (organisation, classification in
// bold, sheet name) and footer (title and version, page X of Y, date). Excel
// caps each at 255 characters: the free texts are shortened to fit.
func xlHeaderFooter(m Meta, p *i18n.Printer) (header, footer string) {
	l := newDocLang(p)
	date := l.dayOf(m.Date)
	title := m.Title
	if m.Version != "" {
		title = l.T("export.footer.title", i18n.Args{"Title": m.Title, "Version": m.Version})
	}
	// Excel writes the page numbers: &P and &N stand for them.
	pages := xlHFEscape(l.T("export.footer.pages", i18n.Args{"Page": "\x00P", "Pages": "\x00N"}))
	pages = strings.ReplaceAll(pages, "\x00", "&")
	const bold = `&"-,Bold"`
	header = xlFit(func(org, class string) string {
		return "&L" + org + "&C" + bold + class + "&R&A"
	}, xlHFEscape(m.Organisation), xlHFEscape(m.Classification))
	footer = xlFit(func(title, date string) string {
		return "&L" + title + "&C" + pages + "&R" + date
	}, xlHFEscape(title), date)
	return header, footer
}

// xlFit shortens a and then b until layout(a, b) fits in 255 characters.
func xlFit(layout func(a, b string) string, a, b string) string {
	units := func(s string) int { return len(utf16.Encode([]rune(s))) }
	for _, p := range []*string{&a, &b} {
		for units(layout(a, b)) > 255 && *p != "" {
			r := []rune(*p)
			cut := max(len(r)-max(units(layout(a, b))-255, 1)-1, 0)
			*p = strings.TrimRight(strings.TrimSuffix(string(r[:cut]), "&"), " ") + "…"
			if cut == 0 {
				*p = ""
			}
		}
	}
	return layout(a, b)
}

// xlHFEscape keeps text literal in a header or footer: "&" starts a code.
func xlHFEscape(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "&", "&&")
}
