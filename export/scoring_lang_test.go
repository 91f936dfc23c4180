package export

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"riskbook/i18n"
	"riskbook/risk"
)

// A scoring workbook written in French or Spanish names its sheets,
// headers, lists and texts in that language, and reads back, filled in,
// whatever the reader's language; the reader is told what changed in
// theirs.
func TestScoringWorkbookInFrenchAndSpanish(t *testing.T) {
	for _, tt := range []struct {
		lang                   i18n.Lang
		sheets                 []string
		title, instructions    string
		header                 []string
		likely, treat, scales  string
		residualL, status, bad string
	}{
		{i18n.French, []string{"Cotation", "Échelles", "Riskbook"}, "Cotation des risques\u00a0: Technical lead, 31 mars 2026",
			"Choisissez dans les listes", []string{"Réf.", "Intitulé", "Vraisemblance inhérente"},
			"3 — Possible", "Réduire", "Signification des niveaux", "2 — Peu probable", "Sous surveillance", "Catastrophique"},
		{i18n.Spanish, []string{"Puntuación", "Escalas", "Riskbook"}, "Puntuación de riesgos: Technical lead, 31 de marzo de 2026",
			"Elija en las listas", []string{"Ref.", "Título", "Probabilidad inherente"},
			"3 — Posible", "Reducir", "Qué significa cada nivel", "2 — Improbable", "En seguimiento", "Catastrófico"},
	} {
		t.Run(string(tt.lang), func(t *testing.T) {
			in := scoringTestInput()
			in.Printer = i18n.For(tt.lang)
			data := writeScoringTest(t, in)
			f, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			sheet := tt.sheets[0]
			if got := f.GetSheetList(); !slices.Equal(got, tt.sheets) {
				t.Errorf("sheets: got %v, want %v", got, tt.sheets)
			}
			cell := func(sh, ref string) string {
				v, _ := f.GetCellValue(sh, ref)
				return v
			}
			if got := cell(sheet, "A1"); got != tt.title {
				t.Errorf("title: got %q, want %q", got, tt.title)
			}
			if got := cell(sheet, "A2"); !strings.HasPrefix(got, tt.instructions) || !strings.Contains(got, tt.sheets[1]) {
				t.Errorf("instructions: got %q", got)
			}
			for i, want := range tt.header {
				if got := cell(sheet, xlRef(i+1, scoringHeaderRow)); got != want {
					t.Errorf("header %d: got %q, want %q", i+1, got, want)
				}
			}
			if got := cell(sheet, "E5"); got != tt.likely {
				t.Errorf("R-001 residual likelihood: got %q, want %q", got, tt.likely)
			}
			if got := cell(sheet, "I5"); got != tt.treat {
				t.Errorf("R-001 treatment: got %q, want %q", got, tt.treat)
			}
			if got := cell(tt.sheets[1], "A1"); got != tt.scales {
				t.Errorf("scales title: got %q, want %q", got, tt.scales)
			}
			dvs, _ := f.GetDataValidations(sheet)
			for _, dv := range dvs {
				if dv.ErrorTitle == nil || *dv.ErrorTitle == "Not in the list" {
					t.Errorf("validation %s: error title %v, want it in %s", dv.Sqref, dv.ErrorTitle, tt.lang)
				}
			}
			// The default marking (Confidential) is written in the
			// workbook's language, as the other documents write it.
			if hf, _ := f.GetHeaderFooter(sheet); hf == nil || !strings.Contains(hf.OddHeader, in.Printer.T("export.classification.confidential")) {
				t.Errorf("header: %+v, want the marking in %s", hf, tt.lang)
			}
			props, _ := f.GetDocProps()
			if props.Language != string(tt.lang) || strings.Contains(props.Description, "Scores, treatment") {
				t.Errorf("properties: %+v", props)
			}
			f.Close()
			// Every fixed text of the workbook is in its language: no
			// English text of the catalogue's scoring messages.
			for _, sh := range tt.sheets[:2] {
				rows, _ := (func() ([][]string, error) {
					g, _ := excelize.OpenReader(bytes.NewReader(data))
					defer g.Close()
					return g.GetRows(sh)
				})()
				for _, row := range rows {
					for _, v := range row {
						for _, en := range []string{"Risk scoring", "What the levels mean", "Likelihood", "Consequence", "Next review", "Comment", "Reduce", "Treating"} {
							if v == en || strings.HasPrefix(v, en+":") {
								t.Errorf("%s: English text %q", sh, v)
							}
						}
					}
				}
			}

			filled := editScoring(t, data, func(f *excelize.File) {
				setCell(t, f, sheet, "E5", tt.residualL)    // R-001 residual likelihood
				setCell(t, f, sheet, "J5", tt.status)       // R-001 status
				setCell(t, f, sheet, "H6", tt.bad)          // R-003 treatment: not in the list
				setCell(t, f, sheet, "L7", "Vu, d'accord.") // R-010 comment
			})
			for _, reader := range []i18n.Lang{i18n.English, tt.lang} {
				i18n.SetDefault(reader)
				read, err := ReadScoring(filled)
				if err != nil {
					i18n.SetDefault(i18n.English)
					t.Fatalf("read in %s: %v", reader, err)
				}
				if read.Lang != tt.lang || len(read.Rows) != 3 {
					t.Errorf("read: language %q, %d rows", read.Lang, len(read.Rows))
				}
				c := in.Criteria
				chs, err := ScoringDiff(read, in.Risks, &c)
				i18n.SetDefault(i18n.English)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, ch := range chs {
					for _, fc := range ch.Fields {
						got = append(got, ch.Ref+" "+fc.Field.In(i18n.For(reader))+": "+fc.Old+" → "+fc.New)
					}
					for _, p := range ch.Problems {
						got = append(got, ch.Ref+" "+p)
					}
					if ch.Comment != "" {
						got = append(got, ch.Ref+" "+ch.Comment)
					}
				}
				want := map[i18n.Lang][]string{
					i18n.English: {"R-001 residual likelihood: Possible (3) → Unlikely (2)", "R-001 status: Treating → Monitoring",
						`R-003 the target consequence "` + tt.bad + `" is not in the list`, "R-010 Vu, d'accord."},
					i18n.French: {"R-001 vraisemblance résiduelle: Possible (3) → Peu probable (2)", "R-001 statut: En traitement → Sous surveillance",
						"R-003 conséquence cible\u00a0: « " + tt.bad + " » ne figure pas dans la liste", "R-010 Vu, d'accord."},
					i18n.Spanish: {"R-001 probabilidad residual: Posible (3) → Improbable (2)", "R-001 estado: En tratamiento → En seguimiento",
						"R-003 consecuencia objetivo: «" + tt.bad + "» no figura en la lista", "R-010 Vu, d'accord."},
				}[reader]
				if len(got) != len(want) {
					t.Fatalf("read in %s: got %q, want %q", reader, got, want)
				}
				for i := range want {
					if !strings.HasPrefix(spaces.Replace(got[i]), spaces.Replace(want[i])) {
						t.Errorf("read in %s: got %q, want %q…", reader, got[i], want[i])
					}
				}
				// The list offered for the wrong value is the workbook's.
				if minor := map[i18n.Lang]string{i18n.French: "2 — Mineur,", i18n.Spanish: "2 — Menor,"}[tt.lang]; reader == tt.lang && !strings.Contains(got[2], minor) {
					t.Errorf("options: %q", got[2])
				}
			}
			// A refusal names the sheet and the column as the workbook does.
			_, err = ReadScoring(editScoring(t, data, func(f *excelize.File) { setCell(t, f, sheet, "A6", "R-030") }))
			if msg := risk.ErrorMessage(err); !strings.Contains(msg, sheet) || !strings.Contains(msg, tt.header[0]) {
				t.Errorf("refusal: %q does not name the sheet %s and the column %s", msg, sheet, tt.header[0])
			}
		})
	}
}

// spaces makes the no-break spaces of French typography plain ones.
var spaces = strings.NewReplacer("\u00a0", " ", "\u202f", " ")

// A workbook an earlier version wrote (format 1, English, without its
// language on the hidden sheet) still reads, in any reader's language.
func TestScoringWorkbookOfFormat1(t *testing.T) {
	old, err := os.ReadFile(filepath.Join("testdata", "scoring", "starter-bo-tran.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(old))
	if err != nil {
		t.Fatal(err)
	}
	format, _ := f.GetCellValue(scoringMetaSheet, "B1")
	f.Close()
	if format != scoringFormat1 {
		t.Fatalf("testdata workbook is of format %q, want %q", format, scoringFormat1)
	}
	filled := editScoring(t, old, func(f *excelize.File) { setCell(t, f, "Scoring", "J5", "Monitoring") })
	for _, reader := range []i18n.Lang{i18n.English, i18n.French} {
		i18n.SetDefault(reader)
		sheet, err := ReadScoring(filled)
		if err != nil {
			i18n.SetDefault(i18n.English)
			t.Fatalf("read in %s: %v", reader, err)
		}
		c := risk.DefaultCriteria()
		current := exportedRisks(sheet, &c)
		chs, err := ScoringDiff(sheet, current, &c)
		i18n.SetDefault(i18n.English)
		if err != nil {
			t.Fatal(err)
		}
		if sheet.Lang != i18n.English || len(sheet.Rows) == 0 || sheet.Owner != "Bo Tran" {
			t.Errorf("read in %s: language %q, %d rows, owner %q", reader, sheet.Lang, len(sheet.Rows), sheet.Owner)
		}
		want := map[i18n.Lang]string{i18n.English: "Monitoring", i18n.French: "Sous surveillance"}[reader]
		if len(chs) != 1 || len(chs[0].Fields) != 1 || chs[0].Fields[0].New != want || len(chs[0].Problems) != 0 {
			t.Errorf("read in %s: got %+v, want the status changed to %s", reader, chs, want)
		}
	}
}
