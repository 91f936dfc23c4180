package export

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// UnprintableIn lists the characters of r that no font the PDF embeds can
// draw, each with the first place it appears, in order of appearance. The
// PDF prints each run of them as one replacement mark; this is what tells
// the person exporting so, instead of letting it pass unseen.
//
// A table the PDF renderer went through was scanned as it was drawn (a
// register is read from the workspace only for that); others are read
// here.
func UnprintableIn(r *Report) ([]Unprintable, error) {
	fonts, err := loadPDFFonts()
	if err != nil {
		return nil, err
	}
	u := &unprintableScan{fonts: fonts, seen: map[rune]bool{}}
	scan := u.scan
	m := r.Meta
	for _, s := range []string{m.Title, m.Subject, m.Organisation, m.TLDs, m.Version, m.Classification, m.Owner, m.Approver, m.Author, m.Workspace} {
		scan("the cover page", s)
	}
	for _, v := range r.Revisions {
		for _, s := range []string{v.Version, v.Author, v.Description} {
			scan("the revision table", s)
		}
	}
	for i := range r.Sections {
		s := &r.Sections[i]
		if s.SheetOnly {
			continue
		}
		scan(s.Title, s.Title)
		for _, b := range s.Blocks {
			scan(s.Title, b.Heading)
			scan(s.Title, b.Paragraph)
			for _, f := range b.Facts {
				scan(s.Title, f.Label)
				scan(s.Title+", "+f.Label, f.Value)
			}
			if dt := b.Detail; dt != nil {
				scan(s.Title, dt.Title)
				for _, l := range dt.Levels {
					scan(s.Title, l.Label)
					scan(s.Title, l.Text)
				}
				for _, f := range dt.Facts {
					scan(s.Title+", "+f.Label, f.Label)
					scan(dt.Title+", "+f.Label, f.Value)
				}
			}
			if t := b.Table; t != nil && !t.SheetOnly {
				found, ok := r.scanned[t]
				if !ok {
					found, err = scanTable(fonts, s.Title, t)
					if err != nil {
						return nil, err
					}
				}
				for _, f := range found {
					if !u.seen[f.Rune] {
						u.seen[f.Rune] = true
						u.out = append(u.out, f)
					}
				}
			}
			if mx := b.Matrix; mx != nil {
				// The renderer draws the note's leading ▲ as a shape.
				for _, x := range append(append([]string{mx.Title, mx.RowTitle, mx.ColTitle, pdfMatrixNote(mx.Note)}, mx.Rows...), mx.Cols...) {
					scan(s.Title, x)
				}
			}
		}
	}
	return u.out, nil
}

// unprintableScan finds the characters no font can draw, each once, with
// the first place it appears.
type unprintableScan struct {
	fonts *pdfFonts
	seen  map[rune]bool
	out   []Unprintable
}

func (u *unprintableScan) scan(where, s string) {
	if pdfPlainASCII(s) {
		return
	}
	for _, c := range norm.NFC.String(s) {
		if u.seen[c] || c == '\n' || c == '\r' || c == '\t' || unicode.IsControl(c) ||
			unicode.In(c, unicode.Mn, unicode.Me, unicode.Cf, unicode.Variation_Selector) || u.fonts.has(c) {
			continue
		}
		u.seen[c] = true
		u.out = append(u.out, Unprintable{Rune: c, Where: where})
	}
}

// scanRow scans what the shown cells of a table row print; a row is named
// by its first cell, usually a reference.
func (u *unprintableScan) scanRow(section string, t *Table, row []Cell) {
	where := section
	if len(row) > 0 && strings.TrimSpace(row[0].Text) != "" {
		where += ", " + row[0].Text
	}
	for j := range t.Columns {
		if !t.Columns[j].SheetOnly && j < len(row) {
			u.scan(where, pdfCellText(&t.Columns[j], &row[j]))
		}
	}
}

// scanTable scans the shown columns of a table and its shown rows.
func scanTable(fonts *pdfFonts, section string, t *Table) ([]Unprintable, error) {
	u := &unprintableScan{fonts: fonts, seen: map[rune]bool{}}
	for _, c := range t.Columns {
		if !c.SheetOnly {
			u.scan(section, c.Title)
		}
	}
	from, n, _ := pdfShown(t)
	err := t.firstRows(from, n, func(row []Cell) { u.scanRow(section, t, row) })
	return u.out, err
}
