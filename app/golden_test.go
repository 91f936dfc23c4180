package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestKeyScreensMarkup keeps the layout of the screens whose content does
// not depend on today's date or on list recycling from regressing. After an intended change,
// copy the files from testdata/failed over testdata/ and review the diff.
func TestKeyScreensMarkup(t *testing.T) {
	for _, tt := range []struct {
		section string
		golden  string
	}{
		{"Heat map", "heatmap.xml"},
		{"Criteria", "criteria.xml"},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			db := newTestWorkspace(t, "cctld")
			a := newTestApp(t, db)
			a.selectSection(tt.section)
			w := test.NewTempWindow(t, a.body)
			w.Resize(fyne.NewSize(1100, 720))
			test.AssertRendersToMarkup(t, tt.golden, w.Canvas())
		})
	}
}
