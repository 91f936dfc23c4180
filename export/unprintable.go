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
func UnprintableIn(r *Report) ([]Unprintable, error) {
	fonts, err := loadPDFFonts()
	if err != nil {
		return nil, err
	}
	var out []Unprintable
	seen := map[rune]bool{}
	scan := func(where, s string) {
		if pdfPlainASCII(s) {
			return
		}
		for _, c := range norm.NFC.String(s) {
			if seen[c] || c == '\n' || c == '\r' || c == '\t' || unicode.IsControl(c) ||
				unicode.In(c, unicode.Mn, unicode.Me, unicode.Cf, unicode.Variation_Selector) || fonts.has(c) {
				continue
			}
			seen[c] = true
			out = append(out, Unprintable{Rune: c, Where: where})
		}
	}
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
				scanTable(s.Title, t, scan)
			}
			if mx := b.Matrix; mx != nil {
				// The renderer draws the note's leading ▲ as a shape.
				for _, x := range append(append([]string{mx.Title, mx.RowTitle, mx.ColTitle, pdfMatrixNote(mx.Note)}, mx.Rows...), mx.Cols...) {
					scan(s.Title, x)
				}
			}
		}
	}
	return out, nil
}

// scanTable scans the shown columns of a table; a row is named by its
// first cell, usually a reference.
func scanTable(section string, t *Table, scan func(where, s string)) {
	for _, c := range t.Columns {
		if !c.SheetOnly {
			scan(section, c.Title)
		}
	}
	rows, _ := pdfShownRows(t)
	for _, row := range rows {
		where := section
		if len(row) > 0 && strings.TrimSpace(row[0].Text) != "" {
			where += ", " + row[0].Text
		}
		for j, c := range t.Columns {
			if !c.SheetOnly && j < len(row) {
				scan(where, row[j].Text)
			}
		}
	}
}
