package main

import "riskbook/risk"

// setFlag is a string flag that remembers whether it was given, so that
// --level full given on purpose is refused where no level applies.
type setFlag struct {
	value *string
	set   *bool
}

func (f setFlag) String() string {
	if f.value == nil {
		return ""
	}
	return *f.value
}

func (f setFlag) Set(s string) error {
	*f.value, *f.set = s, true
	return nil
}

// refuseKitCombinations refuses what does not go with --tabletop or
// --incident: they make --pdf one playbook's kit or one incident's
// record, which has no workbook, no pack and no level.
func refuseKitCombinations(o *exportOptions) error {
	name, ref := "--tabletop", o.tabletop
	if ref == "" {
		name, ref = "--incident", o.incident
	}
	switch {
	case o.tabletop != "" && o.incident != "":
		return risk.Errorf(risk.EINVALID, "--tabletop and --incident each write their own PDF; run riskbook export once for each")
	case ref == "":
		return nil
	case o.xlsx != "" || o.pack != "" || o.levelSet:
		return risk.Errorf(risk.EINVALID, "%s %s writes one PDF with --pdf, so --xlsx, --pack and --level do not go with it; write those in a separate run", name, ref)
	case o.pdf == "":
		return risk.Errorf(risk.EINVALID, "say where to write it: %s %s --pdf OUT.pdf", name, ref)
	}
	return nil
}
