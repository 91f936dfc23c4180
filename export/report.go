// Package export turns a workspace into documents an auditor can trust. It
// first builds a Report — plain data, no format — and then renders it, once
// per format: PDF with fpdf, XLSX with excelize. Every part of the product
// (risks, the BIA, playbooks, exercises, contacts) adds Sections to the same
// model, and both renderers draw whatever sections they are given. The
// scoring workbook a risk owner fills in outside Riskbook, and its reading
// back, live here too: they share the workbook's print set-up.
package export

import (
	"time"

	"riskbook/i18n"
	"riskbook/risk"
)

// Level is how much an export shows.
type Level string

// Export levels.
const (
	// Full is the complete audit document: every risk, action, control,
	// the BIA with its activities, resources and readiness, and the
	// change-log summary.
	Full Level = "full"
	// Summary is a public evidence summary: criteria, counts per level,
	// treatment progress and continuity counts; no individual risk or
	// activity, no names, no contacts.
	Summary Level = "summary"
	// Pack is the network-down pack BuildPack makes: for each playbook the
	// out-of-band channels, the call tree, the pre-approved statements and
	// the step checklists, to print and keep at hand. Build refuses it.
	Pack Level = "pack"
	// Tabletop is the tabletop kit BuildTabletop makes for one playbook.
	// Build refuses it.
	Tabletop Level = "tabletop"
	// Incident is one incident record, as BuildIncident makes it. Build
	// refuses it.
	Incident Level = "incident"
)

// Report is a document built from a workspace, before any format.
type Report struct {
	Meta Meta
	// Revisions is the document-control table, oldest first.
	Revisions []Revision
	// Levels are the risk levels, lowest first, for colouring level cells.
	Levels   []risk.Level
	Sections []Section
	// Digest is the hex SHA-256 of the workspace's data as `riskbook dump`
	// writes it, so an auditor can check a document against a workspace.
	Digest string
	// Progress, when set, is told as a renderer goes how many table rows
	// it has been through of all it will go through. It is no part of the
	// document.
	Progress func(done, total int) `json:"-"`
	// Stop, when set, is asked with each row a renderer goes through
	// whether to stop: a cancelled export. Its error ends the rendering
	// and is returned. Rows read from the workspace stop by themselves;
	// this stops those the PDF keeps between its passes.
	Stop func() error `json:"-"`
	// Printer writes the renderers' own texts (page numbers, the contents,
	// the workbook's properties) in the document's language; nil writes
	// English.
	Printer *i18n.Printer `json:"-"`
	// scanned are, per table the PDF renderer drew, the characters of its
	// shown text no font can draw (see UnprintableIn).
	scanned map[*Table][]Unprintable
}

// progressCount counts the rows a renderer has been through, for
// Report.Progress.
type progressCount struct {
	report      func(done, total int)
	stop        func() error
	done, total int
}

// tick counts one row, and returns the error that stops the rendering,
// if any.
func (p *progressCount) tick() error {
	if p == nil {
		return nil
	}
	if p.report != nil {
		p.done++
		p.report(p.done, p.total)
	}
	if p.stop != nil {
		return p.stop()
	}
	return nil
}

// Meta describes the document: what the cover page, the running header and
// footer and the file properties show.
type Meta struct {
	Title          string
	Subject        string
	Organisation   string
	TLDs           string
	Version        string
	Date           time.Time // the export time: SOURCE_DATE_EPOCH when set
	Classification string    // printed on every page
	Owner          string    // empty in a summary: it names no one
	Approver       string
	Author         string // who exported it; empty in a summary
	Creator        string // "Riskbook 0.1.0"
	Workspace      string // the workspace's file name
	Level          Level
	// Assessment says which closed assessment the document shows ("2026
	// annual, closed on 2026-12-05 by Ana Silva"); empty for the live
	// records.
	Assessment string
}

// Revision is a row of the document-control table: an issue of the full
// document (Issue 0 for a document that is not one), with what changed
// since the previous issue. Current marks the document itself.
type Revision struct {
	Issue       int
	Version     string
	Date        time.Time
	Author      string
	Description string
	Current     bool
}

// Section is a chapter of the PDF (with a bookmark and a table-of-contents
// entry) and, when Sheet is set, a worksheet of the workbook.
type Section struct {
	ID     string // stable identifier: "risks", "soa", …
	Title  string
	Sheet  string // worksheet name, at most 31 characters; "" for PDF only
	Blocks []Block
	// SheetOnly sections are left out of the PDF: a register (every step
	// of every playbook) that the PDF shows another way.
	SheetOnly bool `json:",omitempty"`
}

// Block is one element of a section; exactly one field is set.
type Block struct {
	Heading   string // a sub-heading
	Paragraph string
	Facts     []Fact
	Table     *Table
	Matrix    *Matrix
	Detail    *Detail `json:",omitempty"`
	// Charts are small line charts of indicators over time, drawn as
	// tiles in the PDF; the workbook has their values in a table.
	Charts []Chart `json:",omitempty"`
}

// Detail is one record set out as a card (a risk in the PDF's risk
// details): a title, coloured level chips, and its facts, short ones two
// to a row and wide ones across. The PDF keeps a card on one page when it
// fits; the workbook has the same data in its registers.
type Detail struct {
	Title  string
	Levels []DetailLevel
	Facts  []DetailFact
}

// DetailLevel is a chip: "Residual" and "L3×C4 High" on the level's colour.
type DetailLevel struct {
	Label  string
	Text   string
	Colour string // #RRGGBB
}

// DetailFact is a label and its value; Wide facts (descriptions,
// rationales, lists) take the card's full width.
type DetailFact struct {
	Label string
	Value string
	Wide  bool
}

// Fact is a label and its value, shown as a two-column list.
type Fact struct {
	Label string
	Value string
}

// Kind says how a column's values are typed and drawn.
type Kind int

// Column kinds.
const (
	Text      Kind = iota // short text
	LongText              // wrapped text
	Number                // Cell.Number, drawn without decimals
	Percent               // Cell.Number from 0 to 100
	Date                  // Cell.Date
	RiskLevel             // a risk level label with Cell.Colour as its fill
	Enum                  // one of Column.Options (a drop-down list in the workbook)
)

// Column is a table column.
type Column struct {
	Title string
	Kind  Kind
	// Width is the column's relative width in characters of body text; the
	// renderers scale it to the page or use it as the Excel width.
	Width   float64
	Options []string // the allowed values of an Enum column
	// SheetOnly columns are left out of the PDF, where the page is narrower
	// than a worksheet.
	SheetOnly bool
	// Large columns are printed large and bold in the PDF: a step's number,
	// to keep one's place at 3 a.m.
	Large bool `json:",omitempty"`
	// Lead columns print a cell's first line, up to its first line break,
	// in bold in the PDF: a step's what above its where and how.
	Lead bool `json:",omitempty"`
}

// Cell is one value of a table. Text is always set: it is what the PDF
// prints and what the workbook shows for text kinds.
type Cell struct {
	Text   string
	Number float64
	Date   risk.Date
	Colour string // #RRGGBB fill, for RiskLevel cells
}

// Table is a register: a header row and rows of cells.
type Table struct {
	Name string // Excel table name: letters, digits and underscores
	// Title heads the table in the workbook where no heading comes
	// before it; empty, the workbook makes one of Name.
	Title   string `json:",omitempty"`
	Columns []Column
	Rows    [][]Cell
	// Source, when set, gives the rows instead of Rows: a register read
	// from the workspace each time a renderer goes through it. Len and
	// EachRow read either.
	Source RowSource `json:"-"`
	// Empty is the sentence shown instead of an empty table.
	Empty string
	// PrintLimit, when set, is the number of rows the PDF shows (the
	// newest last); the workbook has them all. LimitNote is the sentence
	// that says so, above the rows the PDF shows.
	PrintLimit int
	LimitNote  string `json:",omitempty"`
	// SheetOnly tables are left out of the PDF, which shows the same data
	// another way (the impact grids as coloured matrices); the workbook
	// keeps them to sort and filter.
	SheetOnly bool
	// TextSize is the PDF's text size of the cells, in points; 0 is the
	// registers' 8 points. Playbooks are printed larger, to be read under
	// stress.
	TextSize float64 `json:",omitempty"`
}

// Matrix is a risk matrix or heat map: likelihood rows (highest first) by
// consequence columns (lowest first).
type Matrix struct {
	Title    string
	RowTitle string
	ColTitle string
	Rows     []string
	Cols     []string
	Cells    [][]MatrixCell
	Note     string
	// Moves are arrows drawn over the cells (a movement matrix); none on a
	// heat map.
	Moves []MatrixMove `json:",omitempty"`
}

// MatrixCell is one cell of a Matrix.
type MatrixCell struct {
	Text          string
	Colour        string // #RRGGBB
	AboveAppetite bool
}
