package export

import (
	"encoding/json"
	"strings"
	"testing"

	"riskbook/bcp"
)

// sampleContacts are a call tree: Minh (C-01) calls Bảo (C-02) and the
// anycast NOC (C-03), which has no out-of-band channel; Bảo calls the NOC
// too, so it shows a second time.
func sampleContacts() []bcp.Contact {
	return []bcp.Contact{
		{Ref: "C-01", Name: "Nguyễn Thị Minh", Kind: bcp.ContactPerson, Organisation: "Trung tâm Internet", Role: "Technical lead",
			Channels: []bcp.Channel{{Kind: "mobile", Value: "+84 912 000 001", OutOfBand: true, Note: "personal"},
				{Kind: "email", Value: "minh@nic.example"}},
			Resources: []string{"RES-01"}, CallsNext: []string{"C-02", "C-03"}, Notes: "Hanoi time"},
		{Ref: "C-02", Name: "Trần Văn Bảo", Kind: bcp.ContactPerson, Channels: []bcp.Channel{{Kind: "satellite", Value: "+870 000 000", OutOfBand: true}},
			CallsNext: []string{"C-03"}},
		{Ref: "C-03", Name: "Anycast NOC", Kind: bcp.ContactOrganisation, Organisation: "Anycast GmbH",
			Channels: []bcp.Channel{{Kind: "phone", Value: "+49 69 0000 000", Note: "24/7"}}, Resources: []string{"RES-05"}},
	}
}

func TestContactSectionAndSheet(t *testing.T) {
	in := sampleInput(t, Full)
	in.Contacts = sampleContacts()
	r, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	s := sectionByID(r, "contacts")
	if s == nil || s.Title != "Contacts and call tree" || s.Sheet != "Contacts" {
		t.Fatalf("contacts section: %+v", s)
	}
	// After the playbooks, before the change log.
	var order []string
	for _, x := range r.Sections {
		order = append(order, x.ID)
	}
	joined := strings.Join(order, " ")
	if !strings.Contains(joined, "steps contacts") {
		t.Errorf("section order: %s", joined)
	}
	list, tree := s.Blocks[1].Table, s.Blocks[4].Table
	if len(list.Rows) != 3 || !strings.Contains(list.Rows[0][4].Text, "mobile +84 912 000 001 (personal) — out of band") ||
		strings.Contains(list.Rows[2][4].Text, "out of band") || list.Rows[0][5].Number != 1 {
		t.Errorf("contact rows: %+v", list.Rows)
	}
	if !strings.Contains(s.Blocks[0].Paragraph, "1 contact has no out-of-band channel") {
		t.Errorf("intro: %q", s.Blocks[0].Paragraph)
	}
	var lines []string
	for _, row := range tree.Rows {
		lines = append(lines, row[0].Text+" "+row[1].Text+" | "+row[2].Text)
	}
	want := []string{
		"1 C-01 Nguyễn Thị Minh (Trung tâm Internet) | mobile +84 912 000 001 (personal)",
		"2 \u00a0\u00a0\u00a0\u00a0C-02 Trần Văn Bảo | satellite +870 000 000",
		"3 \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0C-03 Anycast NOC | none; usual: phone +49 69 0000 000 (24/7)",
		"2 \u00a0\u00a0\u00a0\u00a0C-03 Anycast NOC (see above) | ",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("call tree:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	all := strings.Join(pdfTestPages(t, pdfRender(t, r)), "\n")
	for _, w := range []string{"Contacts and call tree", "Call tree", "Anycast NOC", "out of band"} {
		if !strings.Contains(all, w) {
			t.Errorf("the PDF lacks %q", w)
		}
	}
	xlsxRender(t, r)

	// Without contacts, no section.
	in.Contacts = nil
	if r, _ := Build(in); sectionByID(r, "contacts") != nil {
		t.Error("a contacts section without contacts")
	}
}

func TestPackStartsWithTheCallTree(t *testing.T) {
	in := sampleInput(t, Full)
	in.Contacts = sampleContacts()
	pack, err := BuildPack(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(pack.Sections) != 2 || pack.Sections[0].ID != "pack-call-tree" || pack.Sections[1].ID != "pack-PB-01" {
		t.Fatalf("pack sections: %+v", pack.Sections)
	}
	tree := pack.Sections[0].Blocks[1].Table
	if len(tree.Columns) != 3 || len(tree.Rows) != 4 {
		t.Errorf("pack call tree: %d columns, %d rows", len(tree.Columns), len(tree.Rows))
	}
	all := strings.Join(pdfTestPages(t, pdfRender(t, pack)), "\n")
	for _, w := range []string{"Call tree", "Nguyễn Thị Minh", "satellite +870 000 000"} {
		if !strings.Contains(all, w) {
			t.Errorf("the pack lacks %q", w)
		}
	}
	if strings.Contains(all, "minh@nic.example") {
		t.Error("the pack lists a channel that is not out of band")
	}
}

// TestPackRolesCarryNumbers: each role of the pack names its holder and
// alternate with the numbers to call them on; a holder the contacts do not
// know, or whose number is a blank, says so on paper.
func TestPackRolesCarryNumbers(t *testing.T) {
	in := sampleInput(t, Full)
	in.Contacts = append(sampleContacts(), bcp.Contact{Ref: "C-04", Name: "[to fill in: the board chair's name]", Kind: bcp.ContactPerson,
		Channels: []bcp.Channel{{Kind: "mobile", Value: "[to fill in: the board chair's mobile]"}}})
	p := &in.Playbooks[0]
	p.Roles = []bcp.Role{
		{Name: "Incident lead", Primary: "Nguyễn Thị Minh", Alternate: "C-02"},
		{Name: "Communications", Primary: "Dora", Alternate: "[to fill in: the board chair's name]"},
		{Name: "Supplier", Primary: "Anycast NOC"},
	}
	pack, err := BuildPack(in)
	if err != nil {
		t.Fatal(err)
	}
	var roles *Table
	for _, b := range sectionByID(pack, "pack-"+p.Ref).Blocks {
		if b.Table != nil && strings.HasPrefix(b.Table.Name, "Roles") {
			roles = b.Table
		}
	}
	if roles == nil {
		t.Fatal("the pack has no roles table")
	}
	want := [][]string{
		{"Incident lead", "Nguyễn Thị Minh\nmobile +84 912 000 001 (personal)", "C-02\nsatellite +870 000 000"},
		{"Communications", "Dora\nno number: not in the contacts", "[to fill in: the board chair's name]\nmobile [to fill in: the board chair's mobile]"},
		{"Supplier", "Anycast NOC\nphone +49 69 0000 000 (24/7)", "not assigned"},
	}
	for i, row := range roles.Rows {
		for j, c := range row {
			if c.Text != want[i][j] {
				t.Errorf("row %d column %d: got %q, want %q", i, j, c.Text, want[i][j])
			}
		}
	}
	all := strings.Join(pdfTestPages(t, pdfRender(t, pack)), "\n")
	if !strings.Contains(all, "+84 912 000 001") {
		t.Error("the pack PDF lacks the incident lead's number")
	}
}

func TestSummaryHasNoContacts(t *testing.T) {
	in := sampleInput(t, Summary)
	in.Contacts = sampleContacts()
	r, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(r)
	doc := string(b)
	for _, c := range in.Contacts {
		for _, s := range []string{c.Ref, c.Name, c.Organisation, c.Notes} {
			if s != "" && strings.Contains(doc, s) {
				t.Errorf("the public summary contains %q", s)
			}
		}
		for _, ch := range c.Channels {
			if strings.Contains(doc, ch.Value) {
				t.Errorf("the public summary contains %q", ch.Value)
			}
		}
	}
	if strings.Contains(strings.ToLower(doc), "call tree") || strings.Contains(doc, "Contacts") {
		t.Error("the public summary mentions the contacts")
	}
}
