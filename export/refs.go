package export

import (
	"slices"
	"strings"

	"riskbook/bcp"
	"riskbook/risk"
)

// MissingMark follows, in every document, a reference to a record the
// workspace does not hold: one deleted since it was written down (an
// exercise keeps the playbooks it played), or never there. riskbook check
// lists each.
const MissingMark = " (missing)"

// refs indexes the records of the input, for the references the
// documents mark. It judges references to risks but holds none: the
// register adds its references as it is counted (countRegister).
func refsOf(in *Input) *bcp.Refs {
	w := bcp.Workspace{BIA: in.BIA, Playbooks: in.Playbooks, Contacts: in.Contacts}
	return w.Refs()
}

// mark writes a reference, with MissingMark when it names nothing, and
// notes that the section shows the mark.
func (b *builder) mark(kind bcp.RefKind, ref string) string {
	if ref == "" || b.refs.Has(kind, ref) {
		return ref
	}
	b.missing = true
	return ref + b.missingMark()
}

// markAny is mark for a reference that may name either kind (an
// exercise result measures an activity or a resource).
func (b *builder) markAny(ref string, kinds ...bcp.RefKind) string {
	for _, k := range kinds {
		if b.refs.Has(k, ref) {
			return ref
		}
	}
	return b.mark(kinds[0], ref)
}

// markList writes references in natural order, each marked.
func (b *builder) markList(kind bcp.RefKind, refs []string) string {
	refs = slices.Clone(refs)
	slices.SortFunc(refs, risk.CompareRefs)
	refs = slices.Compact(refs)
	for i, r := range refs {
		refs[i] = b.mark(kind, r)
	}
	return strings.Join(refs, ", ")
}

// missingBlocks is the note under a section that showed the mark, once;
// it resets the flag for the next section.
func (b *builder) missingBlocks() []Block {
	if !b.missing {
		return nil
	}
	b.missing = false
	return []Block{{Paragraph: b.T("export.missing.note")}}
}

// missingMark is MissingMark in the document's language.
func (l docLang) missingMark() string { return " " + l.T("export.missing.mark") }
