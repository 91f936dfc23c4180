package export

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"riskbook/i18n"
	"riskbook/risk"
)

// scoringSeeds are the scoring workbooks the fuzz targets start from: one
// the tests write, the same filled in as an owner would, and one riskbook
// export --scoring wrote from the starter workspace (Bo Tran's risks).
func scoringSeeds(f *testing.F) [][]byte {
	f.Helper()
	data := writeScoringTestF(f, scoringTestInput())
	filled := editScoringF(f, data, map[string]any{
		"Scoring!E5": "2 — Unlikely", "Scoring!J5": "Monitoring", "Scoring!E6": 2,
		"Scoring!F6": "minor", "Scoring!L6": "Signer fixed.", "Scoring!K7": 46000,
	})
	starter, err := os.ReadFile(filepath.Join("testdata", "scoring", "starter-bo-tran.xlsx"))
	if err != nil {
		f.Fatal(err)
	}
	return [][]byte{data, filled, starter, editScoringF(f, starter, map[string]any{"Scoring!A5": "R-999", "Scoring!C6": ""})}
}

func writeScoringTestF(f *testing.F, in ScoringInput) []byte {
	f.Helper()
	var buf bytes.Buffer
	if err := WriteScoring(&buf, in); err != nil {
		f.Fatal(err)
	}
	return buf.Bytes()
}

// editScoringF sets cells ("Sheet!A1") of a workbook as Excel would and
// saves it.
func editScoringF(f *testing.F, data []byte, cells map[string]any) []byte {
	f.Helper()
	wb, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		f.Fatal(err)
	}
	defer wb.Close()
	for at, v := range cells {
		sheet, cell, _ := strings.Cut(at, "!")
		if err := wb.SetCellValue(sheet, cell, v); err != nil {
			f.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		f.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzReadScoring: a scoring workbook comes back from outside, through
// Excel and e-mail. Whatever bytes it is, ReadScoring gives a sheet or a
// sentence, never a panic, and what it reads can be compared with the
// workspace and applied.
func FuzzReadScoring(f *testing.F) {
	for i, seed := range scoringSeeds(f) {
		if _, err := ReadScoring(seed); (err == nil) != (i < 3) {
			f.Fatalf("seed %d: ReadScoring gave %v", i, err)
		}
		f.Add(seed)
	}
	f.Add([]byte("Ref,Title\nR-001,x\n"))
	f.Add([]byte("PK\x03\x04garbage"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sheet, err := ReadScoring(data)
		checkScoringRead(t, sheet, err)
	})
}

// FuzzReadScoringCells fuzzes what ReadScoring makes of the cells of a
// workbook, at the speed of the cells rather than of unzipping: the hidden
// Riskbook sheet and the Scoring sheet, one row a line, cells separated by
// tabs. Most changes to the hidden sheet are refused as tampering; the
// Scoring sheet is where an owner types.
func FuzzReadScoringCells(f *testing.F) {
	for _, seed := range scoringSeeds(f) {
		wb, err := excelize.OpenReader(bytes.NewReader(seed))
		if err != nil {
			f.Fatal(err)
		}
		meta, err := wb.GetRows(scoringMetaSheet, excelize.Options{RawCellValue: true})
		if err != nil {
			f.Fatal(err)
		}
		rows, err := wb.GetRows("Scoring", excelize.Options{RawCellValue: true})
		if err != nil {
			f.Fatal(err)
		}
		if err := wb.Close(); err != nil {
			f.Fatal(err)
		}
		f.Add(joinCells(meta), joinCells(rows))
	}
	f.Add("", "")
	f.Add("\t"+scoringFormat, "Ref\tTitle")
	f.Fuzz(func(t *testing.T, meta, rows string) {
		sheet, err := readScoringCells(splitCells(meta), splitCells(rows))
		checkScoringRead(t, sheet, err)
	})
}

func joinCells(rows [][]string) string {
	lines := make([]string, len(rows))
	for i, r := range rows {
		lines[i] = strings.Join(r, "\t")
	}
	return strings.Join(lines, "\n")
}

func splitCells(s string) [][]string {
	var rows [][]string
	for line := range strings.SplitSeq(s, "\n") {
		rows = append(rows, strings.Split(line, "\t"))
	}
	return rows
}

// checkScoringRead checks what ReadScoring gave: a refusal meant for a
// person, or a sheet whose rows have distinct Refs and which ScoringDiff
// and Apply take without a panic, against the test register and against
// risks as the workbook says they were exported.
func checkScoringRead(t *testing.T, sheet *ScoringSheet, err error) {
	t.Helper()
	if err != nil {
		if risk.ErrorCode(err) != risk.EINVALID || risk.ErrorMessage(err) == "" {
			t.Fatalf("got %v, want a refusal meant for a person", err)
		}
		return
	}
	c := risk.DefaultCriteria()
	seen := map[string]bool{}
	for _, row := range sheet.Rows {
		if row.Ref == "" || seen[row.Ref] {
			t.Fatalf("row %d: Ref %q empty or repeated", row.Row, row.Ref)
		}
		seen[row.Ref] = true
	}
	for _, current := range [][]risk.Risk{scoringTestRisks(), exportedRisks(sheet, &c)} {
		chs, err := ScoringDiff(sheet, current, &c)
		if err != nil {
			if risk.ErrorCode(err) != risk.EINVALID {
				t.Fatalf("ScoringDiff: got %v, want a refusal meant for a person", err)
			}
			continue
		}
		for _, ch := range chs {
			for i := range current {
				if current[i].Ref == ch.Ref {
					r := current[i].Clone()
					Apply(&r, ch)
				}
			}
		}
	}
}

// exportedRisks are the risks a sheet says it was exported from, each
// field as its exported cell reads.
func exportedRisks(sheet *ScoringSheet, c *risk.Criteria) []risk.Risk {
	var out []risk.Risk
	p := i18n.For(sheet.Lang)
	cw := c.Localised(p)
	for _, row := range sheet.Rows {
		r := risk.Risk{Ref: row.Ref, Title: row.ExportedTitle}
		for i, f := range ScoringFields {
			if v, ok := f.parse(row.Exported[i], &cw, p); ok {
				f.set(&r, v)
			}
		}
		out = append(out, r)
	}
	return out
}
