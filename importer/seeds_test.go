package importer

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"riskbook/benchdata"
)

// seedFile is a real file a fuzz target starts from.
type seedFile struct {
	name string
	data []byte
}

// realSeeds are the spreadsheets the importer's fuzz targets start from:
// the two sample registers people sent (testdata/samples), every shape of
// testdata/shapes and testdata/import, and a synthetic register of the
// benchmarks as CSV and as a workbook.
func realSeeds(f *testing.F) []seedFile {
	f.Helper()
	var seeds []seedFile
	for _, dir := range []string{"samples", "shapes", "import"} {
		entries, err := os.ReadDir(filepath.Join("testdata", dir))
		if err != nil {
			f.Fatal(err)
		}
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join("testdata", dir, e.Name()))
			if err != nil {
				f.Fatal(err)
			}
			seeds = append(seeds, seedFile{e.Name(), data})
		}
	}
	var reg bytes.Buffer
	if err := benchdata.Write(&reg, 40); err != nil {
		f.Fatal(err)
	}
	seeds = append(seeds, seedFile{"register-40.csv", reg.Bytes()})
	rows, err := csv.NewReader(bytes.NewReader(reg.Bytes())).ReadAll()
	if err != nil {
		f.Fatal(err)
	}
	wb := excelize.NewFile()
	defer wb.Close()
	for i, row := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			f.Fatal(err)
		}
		if err := wb.SetSheetRow("Sheet1", cell, &row); err != nil {
			f.Fatal(err)
		}
	}
	var x bytes.Buffer
	if err := wb.Write(&x); err != nil {
		f.Fatal(err)
	}
	return append(seeds, seedFile{"register-40.xlsx", x.Bytes()})
}
