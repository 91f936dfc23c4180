package export

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"riskbook/i18n"
)

// WriteXLSX writes r as an Excel workbook: one worksheet per section that
// names a sheet (the Summary first), each register a real Excel table with
// typed cells, drop-down lists on enumerations, level colours by conditional
// formatting and a print set-up. The same report always gives the same
// bytes. Nothing is written to w until the workbook is complete.
func WriteXLSX(w io.Writer, r *Report) (err error) {
	if r == nil {
		return errors.New("write workbook: no report")
	}
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("write workbook: close: %w", cerr)
		}
	}()
	b, err := newXLBook(f, r)
	if err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	defer func() {
		for _, rows := range b.own {
			if cerr := rows.close(); cerr != nil && err == nil {
				err = fmt.Errorf("write workbook: %w", cerr)
			}
		}
	}()
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return newXLZip(w, r.Meta.Date, b.rows) })
	b.progress = &progressCount{report: r.Progress, stop: r.Stop}
	for _, sh := range b.sheets {
		for _, it := range sh.items {
			if it.kind == xlTableItem {
				b.progress.total += it.table.rows
			}
		}
	}
	if err := b.render(); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

// xlBook is one workbook being rendered.
type xlBook struct {
	f      *excelize.File
	r      *Report
	st     *xlStyles
	sheets []*xlSheet
	lists  *xlLists
	tables map[string]bool // table names in use, lower case
	// progress counts the data rows written.
	progress *progressCount
	// rows are the rows the streamed sheets wrote themselves, by part; own
	// are all of them, whose temporary files go when the workbook is done.
	rows map[string]*xlRows
	own  []*xlRows
}

// digestLabel introduces the digest on the front sheet.
func (r *Report) digestLabel() string { return r.printer().T("export.fingerprint.label") }

func newXLBook(f *excelize.File, r *Report) (*xlBook, error) {
	st, err := newXLStyles(f, r.Printer)
	if err != nil {
		return nil, err
	}
	b := &xlBook{f: f, r: r, st: st, tables: map[string]bool{}, rows: map[string]*xlRows{}}
	taken := map[string]bool{}
	var front *xlSheet
	for i := range r.Sections {
		s := &r.Sections[i]
		if s.Sheet == "" {
			continue
		}
		sh := &xlSheet{b: b, name: xlSheetName(s.Sheet, taken), title: s.Title, blocks: s.Blocks}
		if front == nil && (s.ID == "overview" || strings.EqualFold(strings.TrimSpace(s.Sheet), "Summary")) {
			front = sh
			continue
		}
		b.sheets = append(b.sheets, sh)
	}
	switch {
	case front != nil:
		b.sheets = append([]*xlSheet{front}, b.sheets...)
	case len(b.sheets) == 0:
		b.sheets = []*xlSheet{{b: b, name: xlSheetName(r.printer().T("export.overview.sheet"), taken)}}
	}
	b.sheets[0].front = true
	b.sheets[0].title = xlFirst(r.Meta.Title, b.sheets[0].title)
	b.lists = &xlLists{name: xlSheetName(r.printer().T("export.sheet.lists"), taken), refs: map[string]string{}}
	for _, sh := range b.sheets {
		if err := sh.plan(); err != nil {
			return nil, fmt.Errorf("lay out sheet %s: %w", sh.name, err)
		}
	}
	return b, nil
}

func (b *xlBook) render() error {
	f := b.f
	// The new file's only sheet becomes the first one: a workbook cannot be
	// left without sheets, and renaming keeps it selected.
	if first := b.sheets[0].name; !strings.EqualFold(first, "Sheet1") {
		if err := f.SetSheetName("Sheet1", first); err != nil {
			return fmt.Errorf("name sheet %s: %w", first, err)
		}
	}
	for _, sh := range b.sheets[1:] {
		if _, err := f.NewSheet(sh.name); err != nil {
			return fmt.Errorf("add sheet %s: %w", sh.name, err)
		}
	}
	// The lists go first: hiding a sheet reads every other sheet, which
	// would parse the streamed ones back into memory.
	if err := b.lists.render(f); err != nil {
		return err
	}
	for _, sh := range b.sheets {
		if err := sh.render(); err != nil {
			return fmt.Errorf("sheet %s: %w", sh.name, err)
		}
	}
	// The first sheet is active already: it is the new file's own sheet,
	// renamed. (SetActiveSheet would parse every streamed sheet back.)
	return b.properties()
}

// properties sets the document and application properties, every date
// from the report so that the same report gives the same file.
func (b *xlBook) properties() error {
	m := b.r.Meta
	p := b.r.printer()
	at := m.Date.UTC().Format(time.RFC3339)
	creator := xlFirst(m.Author, m.Organisation)
	desc := []string{strings.TrimSuffix(xlFirst(m.Subject, m.Title), ".") + "."}
	if m.Organisation != "" {
		desc = append(desc, p.T("export.props.organisation", i18n.Args{"Org": m.Organisation}))
	}
	if m.Classification != "" {
		desc = append(desc, p.T("export.props.classification", i18n.Args{"Classification": m.Classification}))
	}
	if m.Workspace != "" {
		desc = append(desc, p.T("export.props.workspace", i18n.Args{"Workspace": m.Workspace}))
	}
	if m.Assessment != "" {
		desc = append(desc, p.T("export.props.assessment", i18n.Args{"Assessment": m.Assessment}))
	}
	if b.r.Digest != "" {
		desc = append(desc, p.T("export.props.digest", i18n.Args{"Label": b.r.digestLabel(), "Digest": b.r.Digest}))
	}
	keywords := []string{p.T("export.props.keyword.register"), "ISO 31000", "ISO/IEC 27001", p.T("export.soa.title")}
	if m.TLDs != "" {
		keywords = append(keywords, m.TLDs)
	}
	if m.Classification != "" {
		keywords = append(keywords, m.Classification)
	}
	if err := b.f.SetDocProps(&excelize.DocProperties{
		Title: m.Title, Subject: m.Subject, Creator: creator, LastModifiedBy: creator,
		Description: strings.Join(desc, " "), Category: p.T("export.register.title"),
		Keywords: strings.Join(keywords, "; "), Version: m.Version, Language: string(p.Lang()),
		Created: at, Modified: at,
	}); err != nil {
		return fmt.Errorf("set document properties: %w", err)
	}
	if err := b.f.SetAppProps(&excelize.AppProperties{
		Application: xlFirst(m.Creator, "Riskbook"), Company: m.Organisation,
	}); err != nil {
		return fmt.Errorf("set application properties: %w", err)
	}
	return nil
}

func xlFirst(vs ...string) string {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// xlSheetName makes name a valid, unused worksheet name: at most 31
// characters, none of : \ / ? * [ ], no apostrophe at either end, not
// Excel's reserved "History", unique regardless of case.
func xlSheetName(name string, taken map[string]bool) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) || r < ' ' {
			return '-'
		}
		return r
	}, name)
	name = strings.Trim(strings.TrimSpace(name), "'")
	if name == "" {
		name = "Sheet"
	}
	if strings.EqualFold(name, "History") {
		name += " (1)"
	}
	candidate := xlTruncate(name, 31)
	for n := 2; taken[strings.ToLower(candidate)]; n++ {
		suffix := fmt.Sprintf(" (%d)", n)
		candidate = strings.TrimRight(xlTruncate(name, 31-len(suffix)), " '") + suffix
	}
	taken[strings.ToLower(candidate)] = true
	return candidate
}

// xlTruncate cuts s to at most n UTF-16 code units (Excel's way of
// counting), never inside a character.
func xlTruncate(s string, n int) string {
	if len(s) <= n {
		return s // no character has more UTF-16 units than UTF-8 bytes
	}
	units := 0
	for i, r := range s {
		k := utf16.RuneLen(r)
		if units+k > n {
			return s[:i]
		}
		units += k
	}
	return s
}

// xlQuoteSheet quotes a sheet name for a formula or defined name.
func xlQuoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// xlLists are the drop-down lists too long to write inline (Excel caps an
// inline list at 255 characters): they go on a hidden sheet, one column
// per list, and validations refer to them.
type xlLists struct {
	name  string
	cols  [][]string
	refs  map[string]string // joined options → formula
	title []string
}

// ref returns the formula of a list holding options, adding it if new.
func (l *xlLists) ref(title string, options []string) string {
	key := strings.Join(options, "\x00")
	if ref, ok := l.refs[key]; ok {
		return ref
	}
	col := xlCol(len(l.cols) + 1)
	ref := fmt.Sprintf("%s!$%s$2:$%s$%d", xlQuoteSheet(l.name), col, col, len(options)+1)
	l.cols = append(l.cols, options)
	l.title = append(l.title, title)
	l.refs[key] = ref
	return ref
}

func (l *xlLists) render(f *excelize.File) error {
	if len(l.cols) == 0 {
		return nil
	}
	if _, err := f.NewSheet(l.name); err != nil {
		return fmt.Errorf("add sheet %s: %w", l.name, err)
	}
	for i, options := range l.cols {
		col := xlCol(i + 1)
		values := append([]string{l.title[i]}, options...)
		if err := f.SetSheetCol(l.name, col+"1", &values); err != nil {
			return fmt.Errorf("fill sheet %s: %w", l.name, err)
		}
	}
	if err := f.SetSheetVisible(l.name, false); err != nil {
		return fmt.Errorf("hide sheet %s: %w", l.name, err)
	}
	return nil
}
