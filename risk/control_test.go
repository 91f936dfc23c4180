package risk

import (
	"strings"
	"testing"
)

// testCatalog returns a small valid catalog in two themes.
func testCatalog(t *testing.T) Catalog {
	t.Helper()
	c := Catalog{
		ID:   "iso27001-2022",
		Name: "ISO/IEC 27001:2022 Annex A",
		Themes: []Theme{
			{ID: "5", Name: "Organizational controls"},
			{ID: "8", Name: "Technological controls"},
		},
		Controls: []Control{
			{ID: "A.5.1", Theme: "5", Title: "Policies for information security"},
			{ID: "A.5.2", Theme: "5", Title: "Information security roles and responsibilities"},
			{ID: "A.8.1", Theme: "8", Title: "User endpoint devices"},
		},
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("testCatalog is invalid: %v", err)
	}
	return c
}

func TestCatalogValidate(t *testing.T) {
	tests := []struct {
		name   string
		modify func(c *Catalog)
		// wantErr is a fragment of the expected message; "" means valid.
		wantErr string
	}{
		{name: "Valid", modify: func(*Catalog) {}},
		{name: "NoControls", modify: func(c *Catalog) { c.Controls = nil }},
		{name: "MissingID", modify: func(c *Catalog) { c.ID = " " },
			wantErr: "The control catalog has no identifier or name"},
		{name: "MissingName", modify: func(c *Catalog) { c.Name = "" },
			wantErr: "The control catalog has no identifier or name"},
		{name: "ControlWithoutID", modify: func(c *Catalog) { c.Controls[1].ID = "  " },
			wantErr: "Control 2 of catalog ISO/IEC 27001:2022 Annex A has no identifier."},
		{name: "DuplicateID", modify: func(c *Catalog) { c.Controls[2].ID = "A.5.1" },
			wantErr: "Control A.5.1 appears twice in catalog"},
		{name: "MissingTitle", modify: func(c *Catalog) { c.Controls[0].Title = "\t" },
			wantErr: "Control A.5.1 of catalog ISO/IEC 27001:2022 Annex A has no title."},
		{name: "UnknownTheme", modify: func(c *Catalog) { c.Controls[2].Theme = "9" },
			wantErr: `Control A.8.1 of catalog ISO/IEC 27001:2022 Annex A is in theme "9"`},
		{name: "EmptyTheme", modify: func(c *Catalog) { c.Controls[0].Theme = "" },
			wantErr: `is in theme ""`},
		{name: "ThemeWithoutControls", modify: func(c *Catalog) {
			c.Themes = append(c.Themes, Theme{ID: "6", Name: "People controls"})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := testCatalog(t)
			tt.modify(&c)
			checkErr(t, c.Validate(), tt.wantErr)
		})
	}
}

func TestSoAEntryValidate(t *testing.T) {
	tests := []struct {
		name    string
		e       SoAEntry
		wantErr string
	}{
		{name: "Undecided", e: SoAEntry{Control: "A.5.1"}},
		{name: "ApplicableImplemented", e: SoAEntry{Control: "A.5.1", Applicable: Applicable, Implementation: Implemented}},
		{name: "ApplicableNoStatus", e: SoAEntry{Control: "A.5.1", Applicable: Applicable}},
		{name: "ApplicableNotStarted", e: SoAEntry{Control: "A.5.1", Applicable: Applicable, Implementation: NotStarted}},
		{name: "ApplicablePlanned", e: SoAEntry{Control: "A.5.1", Applicable: Applicable, Implementation: ImplPlanned}},
		{name: "ApplicablePartial", e: SoAEntry{Control: "A.5.1", Applicable: Applicable, Implementation: PartlyImplemented}},
		{name: "NotApplicableNoStatus", e: SoAEntry{Control: "A.5.1", Applicable: NotApplicable}},
		{name: "NotApplicableWithStatus", e: SoAEntry{Control: "A.5.1", Applicable: NotApplicable, Implementation: ImplPlanned},
			wantErr: "Control A.5.1 is marked not applicable, so it cannot have an implementation status"},
		{name: "UnknownApplicability", e: SoAEntry{Control: "A.5.1", Applicable: "yes"},
			wantErr: `Control A.5.1 has applicability "yes"`},
		{name: "UnknownImplementation", e: SoAEntry{Control: "A.5.1", Applicable: Applicable, Implementation: "done"},
			wantErr: `Control A.5.1 has implementation status "done"`},
		{name: "StatusWithoutDecision", e: SoAEntry{Control: "A.5.1", Implementation: Implemented}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, tt.e.Validate(), tt.wantErr)
		})
	}
}

// checkErr fails t unless err is nil when want is "", or an EINVALID *Error
// whose message contains want.
func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("got error %q, want nil", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("got nil error, want one containing %q", want)
	}
	if got := ErrorCode(err); got != EINVALID {
		t.Errorf("got code %q, want %q", got, EINVALID)
	}
	if got := ErrorMessage(err); !strings.Contains(got, want) {
		t.Errorf("got message %q, want it to contain %q", got, want)
	}
}

func TestCheckSoAEntry(t *testing.T) {
	tests := []struct {
		name   string
		e      SoAEntry
		linked []string
		want   []want
		msg    string
	}{
		{name: "UndecidedAlone", e: SoAEntry{Control: "A.5.1"}},
		{name: "UndecidedLinked", e: SoAEntry{Control: "A.5.1"}, linked: []string{"R-001", "R-004"},
			want: []want{warn("soa-linked-undecided", "applicable").on("A.5.1")}, msg: "risks R-001, R-004 rely on this control"},
		{name: "ApplicableComplete", e: SoAEntry{Control: "A.5.1", Applicable: Applicable, Justification: "Policy exists.", Implementation: Implemented}},
		{name: "JustificationBlank", e: SoAEntry{Control: "A.5.1", Applicable: Applicable, Justification: "  ", Implementation: Implemented},
			want: []want{warn("soa-justification-missing", "justification").on("A.5.1")}},
		{name: "ApplicableNoStatus", e: SoAEntry{Control: "A.5.1", Applicable: Applicable, Justification: "Policy exists."},
			want: []want{info("soa-status-missing", "implementation").on("A.5.1")}},
		{name: "ExcludedLinked", e: SoAEntry{Control: "A.7.6", Applicable: NotApplicable, Justification: "No office."}, linked: []string{"R-002"},
			want: []want{warn("soa-excluded-but-linked", "applicable").on("A.7.6")}, msg: "yet risks R-002 rely on it"},
		{name: "ExcludedWithStatus", e: SoAEntry{Control: "A.7.6", Applicable: NotApplicable, Justification: "No office.", Implementation: Implemented},
			want: []want{blk("soa-invalid", "implementation").on("A.7.6")}, msg: "cannot have an implementation status"},
		{name: "UnknownApplicability", e: SoAEntry{Control: "A.5.2", Applicable: "maybe", Justification: "x"},
			want: []want{blk("soa-invalid", "applicable").on("A.5.2")}, msg: `has applicability "maybe"`},
		{name: "UnknownImplementation", e: SoAEntry{Control: "A.5.2", Applicable: Applicable, Justification: "x", Implementation: "done"},
			want: []want{blk("soa-invalid", "implementation").on("A.5.2")}, msg: `implementation status "done"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertFindings(t, CheckSoAEntry(&tt.e, tt.linked), tt.want, tt.msg)
		})
	}
}

func TestSoAEntryNormalize(t *testing.T) {
	e := SoAEntry{Control: "A.5.1", Justification: "  Policy exists.\n"}
	e.Normalize()
	if e.Justification != "Policy exists." {
		t.Errorf("got justification %q, want it trimmed", e.Justification)
	}
}
