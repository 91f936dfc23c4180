package export

// Request is one export: which documents to write and where. An empty path
// leaves that document out. Tabletop or Incident, when set, make PDF the
// tabletop kit of that playbook or the record of that incident instead of
// the workspace's document.
type Request struct {
	Level    Level
	PDF      string
	XLSX     string
	Pack     string // the network-down pack, a PDF
	Tabletop string // a playbook's reference
	Incident string // an incident record's reference
}

// Paths are the files the request writes, in the order PDF, XLSX, pack.
func (r Request) Paths() []string {
	var out []string
	for _, p := range []string{r.PDF, r.XLSX, r.Pack} {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}
