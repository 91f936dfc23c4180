package export

import (
	"riskbook/i18n"
	"riskbook/risk"
)

// MatrixMove is an arrow drawn over a Matrix: how many risks went from one
// cell to another. Rows and columns index Matrix.Cells (row 0 is the
// highest likelihood).
type MatrixMove struct {
	FromRow, FromCol, ToRow, ToCol int
	Count                          int
	// Up and Down say that the risks went to a higher or a lower level.
	Up, Down bool
}

// changes is the "Changes since <assessment>" section of the full
// document and its Changes sheet: the two points, the notes, a count per
// kind, the movement on the residual matrix, and a row per record and kind
// of change. It is left out when the workspace has no closed assessment
// (Input.Since nil).
func (b *builder) changes() (Section, bool) {
	if b.in.Since == nil {
		return Section{}, false
	}
	p := b.p
	ch := ChangesOf(b.in.Since, p)
	s := Section{ID: "changes", Title: ch.Title, Sheet: p.T("compare.doc.sheet")}
	s.Blocks = append(s.Blocks, Block{Facts: []Fact{{Label: p.T("compare.from"), Value: ch.From}, {Label: p.T("compare.to"), Value: ch.To}}})
	for _, n := range ch.Notes {
		s.Blocks = append(s.Blocks, Block{Paragraph: n})
	}
	counts := &Table{Name: "ChangeCounts", Columns: []Column{
		{Title: p.T("compare.doc.col.kind"), Kind: Text, Width: 44},
		{Title: p.T("compare.doc.col.count"), Kind: Number, Width: 10},
	}}
	for _, g := range ch.Groups {
		counts.Rows = append(counts.Rows, []Cell{{Text: g.Title}, {Text: p.Int(len(g.Rows)), Number: float64(len(g.Rows))}})
	}
	s.Blocks = append(s.Blocks, Block{Heading: p.T("compare.summary")}, Block{Table: counts})
	if ch.Moves != nil {
		s.Blocks = append(s.Blocks, Block{Heading: p.T("compare.moves.title")},
			Block{Paragraph: p.T("compare.doc.moves_about")},
			Block{Matrix: b.movementMatrix(&ch.Criteria, ch.Moves, p)})
	}
	rows := &Table{Name: "Changes", Empty: p.T("compare.nothing"), Columns: []Column{
		{Title: p.T("compare.doc.col.kind"), Kind: Text, Width: 22},
		{Title: p.T("compare.doc.col.ref"), Kind: Text, Width: 9},
		{Title: p.T("compare.doc.col.title"), Kind: LongText, Width: 30},
		{Title: p.T("compare.doc.col.before"), Kind: LongText, Width: 24},
		{Title: p.T("compare.doc.col.after"), Kind: LongText, Width: 24},
		{Title: p.T("compare.doc.col.note"), Kind: LongText, Width: 18},
	}}
	for _, g := range ch.Groups {
		for _, r := range g.Rows {
			rows.Rows = append(rows.Rows, []Cell{{Text: g.Title}, {Text: r.Ref}, {Text: r.Title}, {Text: r.Before}, {Text: r.After}, {Text: r.Note}})
		}
	}
	s.Blocks = append(s.Blocks, Block{Heading: p.T("compare.doc.records")}, Block{Table: rows})
	return s, true
}

// movementMatrix is the later point's residual matrix with, in each cell,
// how many risks are in it among those in both points, and an arrow per
// pair of cells the risks moved between.
func (b *builder) movementMatrix(c *risk.Criteria, moves []risk.Move, p *i18n.Printer) *Matrix {
	m := &Matrix{Title: p.T("compare.doc.matrix"), RowTitle: p.T("export.matrix.likelihood"), ColTitle: p.T("export.matrix.consequence")}
	// The default criteria's names in the document's language, as the
	// other matrices of the document write them.
	local := c.Localised(p)
	c = &local
	appetite, _ := c.Level(c.Appetite)
	m.Note = "▲ " + p.T("compare.doc.matrix_note", i18n.Args{"Appetite": appetite.Label})
	ends := map[risk.Score]int{}
	for _, mv := range moves {
		ends[mv.To] += len(mv.Refs)
	}
	nL := len(c.Likelihood)
	for _, l := range c.Consequence {
		m.Cols = append(m.Cols, l.Label)
	}
	for li := nL; li >= 1; li-- {
		m.Rows = append(m.Rows, c.Likelihood[li-1].Label)
		var row []MatrixCell
		for ci := 1; ci <= len(c.Consequence); ci++ {
			s := risk.Score{Likelihood: li, Consequence: ci}
			l, _ := c.LevelOf(s)
			text := ""
			if n := ends[s]; n > 0 {
				text = p.Int(n)
			}
			row = append(row, MatrixCell{Text: text, Colour: l.Colour, AboveAppetite: l.Rank > c.Appetite})
		}
		m.Cells = append(m.Cells, row)
	}
	for _, mv := range moves {
		if mv.Stayed() || !c.InRange(mv.From) || !c.InRange(mv.To) {
			continue
		}
		from, _ := c.LevelOf(mv.From)
		to, _ := c.LevelOf(mv.To)
		m.Moves = append(m.Moves, MatrixMove{FromRow: nL - mv.From.Likelihood, FromCol: mv.From.Consequence - 1,
			ToRow: nL - mv.To.Likelihood, ToCol: mv.To.Consequence - 1, Count: len(mv.Refs), Up: to.Rank > from.Rank, Down: to.Rank < from.Rank})
	}
	return m
}
