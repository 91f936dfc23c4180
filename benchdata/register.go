// Package benchdata makes the synthetic registers that Riskbook's speed and
// memory are measured on: the Go benchmarks of exports, dumps, checks and
// imports, and scripts/bench, which times whole commands. The same n always
// gives the same bytes, so figures taken on different days compare.
//
// A register is a CSV file of the shape people keep in a spreadsheet: per
// risk a title, a 40-word description, a category, an owner, a status, and a
// likelihood and an impact from 1 to 5. It carries no references: the
// workspace gives them, R-001 onwards. Every tenth risk is closed, every
// fifth open; the others are being treated or monitored.
package benchdata

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Header is the register's header row.
var Header = []string{"Title", "Description", "Category", "Owner", "Status", "Likelihood", "Impact"}

// DescriptionWords is how many words each risk's description has.
const DescriptionWords = 40

var (
	categories = []string{"Availability", "Integrity", "Confidentiality", "People", "Suppliers", "Compliance"}
	owners     = []string{"Registry manager", "Technical lead", "DNS operations", "Security officer",
		"Finance and legal", "Registrar liaison", "Systems administrator", "Customer support"}
	assets = []string{"authoritative DNS", "the registry database", "the EPP service", "WHOIS and RDAP",
		"zone generation", "DNSSEC signing", "data escrow", "billing", "the website", "email",
		"the backup site", "the office network"}
	events = []string{"Outage of", "Loss of", "Compromise of", "Corruption of", "Misconfiguration of",
		"Delayed recovery of", "Overload of", "Unauthorised change to"}
	words = strings.Fields(`the a registry service name server zone signing key operator staff
		failure attack outage backup restore network provider supplier contract data record
		change update release patch monitor alert incident response recovery continuity site
		power cooling hardware software database replication anycast traffic capacity access
		credential audit review control policy procedure training test exercise plan vendor
		escrow registrar registrant customer billing payment notice regulator report window
		hours days week delay error manual process script automation schedule deadline`)
)

// Write writes a register of n risks as CSV.
func Write(w io.Writer, n int) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	if err := cw.Write(Header); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(uint64(n), 16))
	var desc strings.Builder
	for i := range n {
		desc.Reset()
		for k := range DescriptionWords {
			if k > 0 {
				desc.WriteByte(' ')
			}
			desc.WriteString(words[rng.IntN(len(words))])
		}
		desc.WriteByte('.')
		status := "Treating"
		switch {
		case i%10 == 9:
			status = "Closed"
		case i%5 == 0:
			status = "Open"
		case i%3 == 0:
			status = "Monitoring"
		}
		row := []string{
			fmt.Sprintf("%s %s (%d)", events[rng.IntN(len(events))], assets[rng.IntN(len(assets))], i+1),
			desc.String(),
			categories[rng.IntN(len(categories))],
			owners[rng.IntN(len(owners))],
			status,
			strconv.Itoa(1 + rng.IntN(5)),
			strconv.Itoa(1 + rng.IntN(5)),
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
