package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"riskbook/export"
	"riskbook/risk"
	"riskbook/workspace"
)

func exportCommand() *command {
	return &command{
		name: "export", args: "FILE", summary: "write audit-ready PDF and/or Excel documents of the workspace, the network-down pack, a tabletop kit or an incident record",
		detail: `--level full (the default) is the complete document for auditors: criteria, heat
maps, every risk, the treatment plan, the Statement of Applicability, the business
impact analysis (activities, impacts over time, resources, ICT readiness gaps and
single points of failure) and the change log. --level summary is a public evidence
summary: criteria, counts per level, treatment progress and continuity counts, with
no individual risk, activity or name. Both carry the continuity playbooks: the full
document prints each one on its own pages (roles, steps with target times and
checklists, communications) and adds the Playbooks and Steps sheets; the summary
only counts them.
--pack OUT.pdf writes the network-down pack: a short PDF to print and keep at hand
with, for each playbook, the out-of-band channels, the call tree (each role's
primary and alternate), the pre-approved statements and the step checklists, and
nothing else. It names people, so it is never part of a --level summary export.
--tabletop PB-01 --pdf OUT.pdf writes, instead of the document, the tabletop exercise
kit of one playbook: facilitator notes, the scenario, a card per role, timed injects
(from the playbook's latest exercise with injects, else one per phase), discussion
questions per phase with room for answers, a notes sheet and a findings form.
--incident ACV-01 --pdf OUT.pdf writes the record of one incident: trigger,
declaration, decision log and steps. Neither goes with --xlsx, --pack or --level.
--scoring OUT.xlsx --owner NAME writes, on its own, a workbook of that owner's risks
with drop-down lists for the scores, the treatment and the status, to fill in in
Excel without Riskbook; riskbook rescore reads it back.
--assessment NAME writes the documents of a closed assessment (riskbook assessment)
instead of the live records, exactly as it was: its records, dated the day it was
closed, with its digest and the change log as it then stood; the same assessment
always gives the same bytes, and no issue of the document is recorded.
With SOURCE_DATE_EPOCH set, every date in the documents is that time, and two exports
of the same workspace are byte-identical.`,
		nargs: 1,
		flags: func(fs *flag.FlagSet) any {
			o := &exportOptions{}
			fs.StringVar(&o.pdf, "pdf", "", "write the PDF document to this file")
			fs.StringVar(&o.xlsx, "xlsx", "", "write the Excel workbook to this file")
			fs.StringVar(&o.pack, "pack", "", "write the network-down pack (PDF) to this file")
			o.level = string(export.Full)
			fs.Var(setFlag{&o.level, &o.levelSet}, "level", "`full` or summary")
			fs.StringVar(&o.tabletop, "tabletop", "", "with --pdf, write the tabletop exercise kit of this playbook (PB-01) instead")
			fs.StringVar(&o.incident, "incident", "", "with --pdf, write the record of this incident (ACV-01) instead")
			fs.StringVar(&o.scoring, "scoring", "", "with --owner, write that owner's scoring workbook (Excel) to this file instead")
			fs.StringVar(&o.owner, "owner", "", "with --scoring, whose risks the scoring workbook holds")
			fs.StringVar(&o.assessment, "assessment", "", "write the documents of this closed assessment, exactly as it was closed, instead of the live records")
			return o
		},
		run: runExport,
	}
}

func runExport(ctx context.Context, e *Env, args []string, opts any) (int, error) {
	o := opts.(*exportOptions)
	if err := o.checkScoring(); err != nil {
		return ExitUsage, err
	}
	if o.scoring != "" {
		return runScoringExport(ctx, e, args[0], o)
	}
	req, err := o.request()
	if err != nil {
		return ExitUsage, err
	}
	w, err := openForExport(ctx, args[0])
	if err != nil {
		return ExitUsage, err
	}
	defer w.Close()
	ctx, done := e.showProgress(ctx, "Exporting")
	var out *export.Outcome
	if o.assessment != "" {
		out, err = w.ExportAssessment(ctx, o.assessment, req)
	} else {
		out, err = w.Export(ctx, req)
	}
	done()
	if err != nil {
		return ExitUsage, err
	}
	for _, path := range req.Paths() {
		fmt.Fprintf(e.Stdout, "Wrote %s.\n", path)
	}
	for _, note := range out.Notes() {
		if strings.HasPrefix(note, "Warning: ") {
			fmt.Fprintln(e.Stderr, note)
		} else {
			fmt.Fprintln(e.Stdout, note)
		}
	}
	return ExitOK, nil
}

// openForExport opens the workspace for writing, so that a full export can
// record its issue of the document; a workspace another process has open
// for writing, or a file that cannot be written, is exported read-only
// (and the export says it was not recorded).
func openForExport(ctx context.Context, path string) (*workspace.Workspace, error) {
	w, err := workspace.Open(ctx, path)
	if err == nil {
		return w, nil
	}
	if code := risk.ErrorCode(err); code != risk.ECONFLICT && code != risk.EINVALID {
		return nil, err
	}
	if ro, rerr := workspace.OpenReadOnly(ctx, path); rerr == nil {
		return ro, nil
	}
	return nil, err
}

// runScoringExport writes the scoring workbook of one owner's risks.
func runScoringExport(ctx context.Context, e *Env, path string, o *exportOptions) (int, error) {
	w, err := workspace.OpenReadOnly(ctx, path)
	if err != nil {
		return ExitUsage, err
	}
	defer w.Close()
	n, owner, err := w.ScoringWorkbook(ctx, o.owner, o.scoring)
	if err != nil {
		return ExitUsage, err
	}
	fmt.Fprintf(e.Stdout, "Wrote %s: %s of %s to score in Excel.\n", o.scoring, plural(n, "risk"), owner)
	fmt.Fprintf(e.Stdout, "When it comes back: riskbook rescore %s %s   (see the changes)\n", path, o.scoring)
	return ExitOK, nil
}
