package export

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/text/unicode/norm"

	"riskbook/i18n"
)

// WritePDF renders r as an A4 PDF: a cover, document control with the
// table of contents, every section in order, and the data fingerprint. The
// same Report always gives the same bytes.
//
// The document is laid out twice. The first pass draws nothing: it only
// learns on which page each section starts and how many pages there are,
// so that the second pass can print real numbers in the contents and in
// every "Page X of Y" (fpdf's page-number aliases lose glyphs when the font
// is subset, and break right alignment).
func WritePDF(w io.Writer, r *Report) error {
	if r == nil {
		return errors.New("write pdf: no report")
	}
	if r.Meta.Date.IsZero() {
		// fpdf would stamp the current time, and the output would differ on every run.
		return errors.New("write pdf: the report has no date")
	}
	fonts, err := loadPDFFonts()
	if err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	// Both passes go through every row shown.
	progress := &progressCount{report: r.Progress, stop: r.Stop, total: 2 * pdfRowsShown(r)}
	first := newPDFDoc(r, fonts, nil, nil)
	first.progress = progress
	first.render()
	if first.err != nil {
		return fmt.Errorf("write pdf: %w", first.err)
	}

	pdf := newFpdf(r, fonts)
	second := newPDFDoc(r, fonts, pdf, first)
	second.progress = progress
	second.render()
	if second.err != nil {
		return fmt.Errorf("write pdf: %w", second.err)
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	if second.page != first.page || !slices.Equal(second.anchors, first.anchors) {
		return errors.New("write pdf: internal error: the two layout passes disagree")
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return nil
}

// pdfFamily is the font family registered with fpdf, in regular and bold.
const pdfFamily = "NotoSans"

// newFpdf makes the fpdf document with its fonts and metadata.
func newFpdf(r *Report, fonts *pdfFonts) *fpdf.Fpdf {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true)
	// A register of 50,000 risks runs to thousands of pages: each is
	// compressed as it ends rather than all of them held until Output.
	pdf.SetCompressPagesAsTheyEnd(true)
	pdf.SetCreationDate(r.Meta.Date)
	pdf.SetModificationDate(r.Meta.Date)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(pdfMargin, pdfTop, pdfMargin)
	pdf.SetCellMargin(0)
	pdf.AddUTF8FontFromBytes(pdfFamily, "", fonts.regular.ttf)
	pdf.AddUTF8FontFromBytes(pdfFamily, "B", fonts.bold.ttf)
	// Metadata is shown by the reader's own fonts: normalised, not filtered.
	m := r.Meta
	pdf.SetTitle(pdfNFC(m.Title), true)
	pdf.SetSubject(pdfNFC(m.Subject), true)
	pdf.SetAuthor(pdfNFC(pdfOr(m.Author, m.Organisation)), true)
	pdf.SetCreator(pdfNFC(m.Creator), true)
	var kw []string
	for _, s := range []string{m.Organisation, m.TLDs, m.Classification, newDocLang(r.Printer).value("level", string(m.Level))} {
		if s != "" {
			kw = append(kw, pdfNFC(s))
		}
	}
	pdf.SetKeywords(strings.Join(kw, "; "), true)
	pdf.SetDisplayMode("fullwidth", "continuous")
	return pdf
}

func pdfNFC(s string) string { return norm.NFC.String(s) }

func pdfOr(a, b string) string {
	if strings.TrimSpace(a) != "" {
		return a
	}
	return b
}

// Page geometry, in millimetres. A4 portrait for reading, landscape for
// sections whose tables need the width.
const (
	pdfShort  = 210.0
	pdfLong   = 297.0
	pdfMargin = 15.0
	pdfTop    = 22.0 // the running header sits above
	pdfBottom = 18.0 // the running footer sits below
)

// pdfAnchor is a place the outline and the contents point to.
type pdfAnchor struct {
	Title string
	Level int // 0 for a section, 1 for a heading inside it
	TOC   bool
	Page  int
	Y     float64
}

// pdfDoc lays out a Report and, when pdf is set, draws it. Layout decisions
// use only pdfDoc's own state, never fpdf's, so both passes agree.
type pdfDoc struct {
	r     *Report
	fonts *pdfFonts
	pdf   *fpdf.Fpdf // nil in the first, layout-only pass
	prev  *pdfDoc    // the first pass, read by the second

	page      int
	landscape bool
	pw, ph    float64
	y         float64
	anchors   []pdfAnchor
	title     string // cleaned once: it runs in every header and footer
	marking   string
	footer    string
	// registered are the script fonts fpdf has been given, by family and
	// style: each is added when first drawn.
	registered map[string]bool
	// tableLayouts keep each table's columns, measured once per width.
	tableLayouts map[pdfLayoutCacheKey]pdfTableLayout
	// rows are the streamed tables' rows, read once for both passes.
	rows map[*Table]*pdfRows
	// err is the first error reading a table's rows from the workspace:
	// the layout goes on, and WritePDF returns it.
	err      error
	progress *progressCount
	// current is the title of the section being drawn.
	current string
}

// pdfRowsShown is how many table rows the document shows.
func pdfRowsShown(r *Report) int {
	n := 0
	for _, s := range r.Sections {
		if s.SheetOnly {
			continue
		}
		for _, b := range s.Blocks {
			if b.Table != nil && !b.Table.SheetOnly {
				_, rows, _ := pdfShown(b.Table)
				n += rows
			}
		}
	}
	return n
}

// check keeps the first error of reading rows.
func (d *pdfDoc) check(err error) {
	if err != nil && d.err == nil {
		d.err = err
	}
}

func newPDFDoc(r *Report, fonts *pdfFonts, pdf *fpdf.Fpdf, prev *pdfDoc) *pdfDoc {
	d := &pdfDoc{r: r, fonts: fonts, pdf: pdf, prev: prev}
	d.title = fonts.clean(r.Meta.Title)
	d.marking = fonts.clean(r.Meta.Classification)
	d.footer = d.title
	if v := fonts.clean(r.Meta.Version); v != "" {
		d.footer = r.printer().T("export.footer.pdf", i18n.Args{"Title": d.title, "Version": v})
	}
	return d
}

func (d *pdfDoc) drawing() bool { return d.pdf != nil }

func (d *pdfDoc) render() {
	d.cover()
	d.documentControl()
	for i := range d.r.Sections {
		if !d.r.Sections[i].SheetOnly {
			d.section(&d.r.Sections[i])
		}
	}
	d.fingerprint()
}

// left, right, top and bottom bound the content area of the current page.
func (d *pdfDoc) left() float64   { return pdfMargin }
func (d *pdfDoc) right() float64  { return d.pw - pdfMargin }
func (d *pdfDoc) width() float64  { return d.pw - 2*pdfMargin }
func (d *pdfDoc) bottom() float64 { return d.ph - pdfBottom }

// newPage starts a page and draws its running header and footer.
func (d *pdfDoc) newPage(landscape bool) {
	d.page++
	d.landscape = landscape
	d.pw, d.ph = pdfShort, pdfLong
	orientation := "P"
	if landscape {
		d.pw, d.ph = pdfLong, pdfShort
		orientation = "L"
	}
	d.y = pdfTop
	if !d.drawing() {
		return
	}
	d.pdf.AddPageFormat(orientation, fpdf.SizeType{Wd: pdfShort, Ht: pdfLong})
	if d.page > 1 {
		d.runningHeader()
	}
	d.runningFooter()
}

// fits reports whether h millimetres fit below the cursor.
func (d *pdfDoc) fits(h float64) bool { return d.y+h <= d.bottom()+0.01 }

// ensure starts a new page, in the same orientation, unless h fits.
func (d *pdfDoc) ensure(h float64) bool {
	if d.fits(h) {
		return false
	}
	d.newPage(d.landscape)
	return true
}

// atTop reports whether nothing has been drawn on the page yet.
func (d *pdfDoc) atTop() bool { return d.y <= pdfTop+0.01 }

// gap adds vertical space, except at the top of a page.
func (d *pdfDoc) gap(h float64) {
	if !d.atTop() {
		d.y += h
	}
}

// anchor records a bookmark (and a contents entry when toc) at the cursor.
func (d *pdfDoc) anchor(title string, level int, toc bool) {
	d.anchors = append(d.anchors, pdfAnchor{Title: title, Level: level, TOC: toc, Page: d.page, Y: d.y})
	if d.drawing() {
		d.pdf.SetFont(pdfFamily, "", 9) // Bookmark encodes its text for the current font
		d.pdf.Bookmark(pdfNFC(title), level, d.y)
	}
}

func (d *pdfDoc) runningHeader() {
	const y = 9.0
	st := pdfStyle{size: 8, colour: pdfMuted}
	mark := pdfStyle{size: 8.5, bold: true, colour: pdfMarking}
	markW := d.fonts.textWidth(d.marking, true, mark.size)
	d.text(d.left(), y, d.fit(d.title, st, d.width()-markW-10), st)
	d.textRight(d.right(), y, d.marking, mark)
	d.rule(d.left(), y+5.5, d.right(), pdfRule, 0.2)
}

func (d *pdfDoc) runningFooter() {
	y := d.ph - 12.5
	st := pdfStyle{size: 8, colour: pdfMuted}
	total := 0
	if d.prev != nil {
		total = d.prev.page
	}
	pageNo := d.r.printer().T("export.footer.pages", i18n.Args{"Page": d.page, "Pages": total})
	d.rule(d.left(), y-1.5, d.right(), pdfRule, 0.2)
	d.text(d.left(), y, d.fit(d.footer, st, d.width()-35), st)
	d.textRight(d.right(), y, pageNo, st)
}

// fit shortens clean text s with an ellipsis until it is at most w wide.
func (d *pdfDoc) fit(s string, st pdfStyle, w float64) string {
	if d.fonts.textWidth(s, st.bold, st.size) <= w {
		return s
	}
	runes := []rune(s)
	for len(runes) > 0 {
		runes = runes[:len(runes)-1]
		t := strings.TrimRight(string(runes), " ") + "…"
		if d.fonts.textWidth(t, st.bold, st.size) <= w {
			return t
		}
	}
	return ""
}
